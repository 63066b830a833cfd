package io.logpulse.clean;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import io.logpulse.event.AccessEvent;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.Test;

public class EventCleanerTest {

    private static AccessEvent event(String time, String path, int status, String referer) {
        return new AccessEvent(Instant.parse(time), "10.0.0.1", "GET", path, null, null, status, -1, referer, "shop", "us", 40, null, null);
    }

    private final EventCleaner cleaner = new EventCleaner();

    @Test
    public void productClickFromSearchEngine() {
        CleanEvent clean = cleaner.clean(event("2020-05-30T15:50:25Z", "/product/14610854.html", 500,
                "https://www.bing.com/search?q=ps4"));
        assertEquals("20200530", clean.dayKey());
        assertEquals("202005301550", clean.minuteKey());
        assertEquals(Long.valueOf(14610854L), clean.productId());
        assertEquals("www.bing.com", clean.refererHost());
        assertEquals("bing", clean.searchEngine());
        assertEquals(5, clean.statusClass());
        assertEquals(40, clean.requestTimeMs());
        assertEquals("10.0.0.1", clean.clientIp());
    }

    @Test
    public void dayKeyFollowsConfiguredZone() {
        EventCleaner tehran = new EventCleaner(ZoneId.of("Asia/Tehran"), SearchEngines.defaults());
        // Tehran was on +04:30 summer time in 2020.
        CleanEvent clean = tehran.clean(event("2020-05-30T21:00:00Z", "/", 200, null));
        assertEquals("20200531", clean.dayKey());
        assertEquals("202005310130", clean.minuteKey());
    }

    @Test
    public void nonSearchRefererAndNoReferer() {
        CleanEvent other = cleaner.clean(event("2020-05-30T15:50:25Z", "/", 404, "http://User@Shop.Example.com:8080/x"));
        assertEquals("shop.example.com", other.refererHost());
        assertNull(other.searchEngine());
        assertEquals(4, other.statusClass());
        CleanEvent none = cleaner.clean(event("2020-05-30T15:50:25Z", "/", 302, null));
        assertNull(none.refererHost());
        assertNull(none.searchEngine());
        assertEquals(3, none.statusClass());
    }

    @Test
    public void productIds() {
        assertEquals(Long.valueOf(13817625L), EventCleaner.productIdOf("/product/13817625.html"));
        assertNull(EventCleaner.productIdOf("/product/abc.html"));
        assertNull(EventCleaner.productIdOf("/product/13817625"));
        assertNull(EventCleaner.productIdOf("/product/13817625.html/extra"));
        assertNull(EventCleaner.productIdOf("/products/1.html"));
        assertNull(EventCleaner.productIdOf("/product/1234567890123456789.html"));
        assertNull(EventCleaner.productIdOf(null));
    }

    @Test
    public void refererHosts() {
        assertEquals("www.google.com", EventCleaner.hostOf("https://www.google.com/search?sxsrf=ps4"));
        assertEquals("duckduckgo.com", EventCleaner.hostOf("https://duckduckgo.com?q=x"));
        assertEquals("example.com", EventCleaner.hostOf("https://EXAMPLE.com.#frag"));
        assertEquals("[2001:db8::1]", EventCleaner.hostOf("http://[2001:db8::1]:8080/"));
        assertNull(EventCleaner.hostOf("www.google.com/search"));
        assertNull(EventCleaner.hostOf("https:///path"));
        assertNull(EventCleaner.hostOf("https://bad host/"));
        assertNull(EventCleaner.hostOf(null));
    }
}
