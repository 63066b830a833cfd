package io.logpulse.counters;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import io.logpulse.clean.CleanEvent;
import io.logpulse.clean.EventCleaner;
import io.logpulse.event.AccessEvent;
import java.time.Instant;
import java.util.List;
import org.junit.Test;

public class CountersTest {

    private static final EventCleaner CLEANER = new EventCleaner();

    private static CleanEvent event(String method, String path, int status, String referer, String host, String country,
            long requestTimeMs) {
        return CLEANER.clean(new AccessEvent(Instant.parse("2020-05-30T15:50:25Z"), "43.29.63.167", method, path, null,
                null, status, -1, referer, host, country, requestTimeMs, null, null));
    }

    private static CounterCell cell(String table, String row, String qualifier, long delta) {
        return new CounterCell(table, row, qualifier, delta);
    }

    @Test
    public void productClickCountsAnyMethodAndStatus() {
        ProductClickCounter counter = new ProductClickCounter();
        assertEquals(List.of(cell("product_clickcount", "20200530_14610854", "click_count", 1)),
                counter.cellsFor(event("POST", "/product/14610854.html", 500, null, null, null, -1)));
        assertEquals(List.of(), counter.cellsFor(event("GET", "/product/abc.html", 200, null, null, null, -1)));
        assertEquals(List.of(), counter.cellsFor(event("PUT", null, 201, null, null, null, -1)));
    }

    @Test
    public void productSearchClickNeedsASearchEngineReferer() {
        ProductSearchClickCounter counter = new ProductSearchClickCounter();
        assertEquals(List.of(cell("product_search_clickcount", "20200530_www.bing.com_14610854", "click_count", 1)),
                counter.cellsFor(event("GET", "/product/14610854.html", 200, "https://www.bing.com/search?q=ps4", null, null, -1)));
        assertEquals(List.of(), counter.cellsFor(event("GET", "/product/14610854.html", 200, "https://shop.example.com/", null, null, -1)));
        assertEquals(List.of(), counter.cellsFor(event("GET", "/product/14610854.html", 200, null, null, null, -1)));
        assertEquals(List.of(), counter.cellsFor(event("GET", "/search", 200, "https://www.google.com/search?sxsrf=ps4", null, null, -1)));
    }

    @Test
    public void countrySuccessCountsOnly2xx() {
        CountrySuccessCounter counter = new CountrySuccessCounter();
        assertEquals(List.of(cell("country_success_count", "20200530_US", "success_count", 1)),
                counter.cellsFor(event("PUT", null, 201, null, null, "us", -1)));
        assertEquals(List.of(cell("country_success_count", "20200530_UNKNOWN", "success_count", 1)),
                counter.cellsFor(event("GET", "/", 200, null, null, null, -1)));
        assertEquals(List.of(), counter.cellsFor(event("GET", "/", 304, null, null, "US", -1)));
        assertEquals(List.of(), counter.cellsFor(event("GET", "/", 404, null, null, "US", -1)));
    }

    @Test
    public void hostStatsWithTimeAnd4xxKeepTheHostAsLogged() {
        String row = "20200530_api_38.digikala.com";
        assertEquals(List.of(
                        cell("host_stats", row, "request_count", 1),
                        cell("host_stats", row, "status_4xx", 1),
                        cell("host_stats", row, "request_time_ms_sum", 280),
                        cell("host_stats", row, "request_time_count", 1)),
                new HostStatsCounter().cellsFor(event("GET", null, 404, null, "api_38.digikala.com", "US", 280)));
    }

    @Test
    public void hostStatsWithoutTimeAddsNoTimeCells() {
        assertEquals(List.of(
                        cell("host_stats", "20200530_UNKNOWN", "request_count", 1),
                        cell("host_stats", "20200530_UNKNOWN", "status_5xx", 1)),
                new HostStatsCounter().cellsFor(event("GET", "/product/1.html", 503, null, null, null, -1)));
        assertEquals(List.of(
                        cell("host_stats", "20200530_shop", "request_count", 1),
                        cell("host_stats", "20200530_shop", "request_time_ms_sum", 0),
                        cell("host_stats", "20200530_shop", "request_time_count", 1)),
                new HostStatsCounter().cellsFor(event("GET", "/", 200, null, "shop", null, 0)));
    }

    @Test
    public void rowKeysEncodeHostsAndCountriesThatAreNotPlainNames() {
        assertEquals(List.of(cell("host_stats", "20200530_shop%20%C3%A9t%C3%A9", "request_count", 1)),
                new HostStatsCounter().cellsFor(event("GET", "/", 301, null, "shop \u00e9t\u00e9", null, -1)));
        assertEquals(List.of(cell("country_success_count", "20200530_%C3%89S", "success_count", 1)),
                new CountrySuccessCounter().cellsFor(event("GET", "/", 200, null, null, "\u00e9s", -1)));
    }

    @Test
    public void aHostTooLongForARowKeyIsRefusedNotCut() {
        assertThrows(ValueTooLongException.class, () -> new HostStatsCounter().cellsFor(
                event("GET", "/", 200, null, "h".repeat(RowKeyPart.MAX_LENGTH + 1), null, -1)));
    }

    @Test
    public void counterSetCombinesEveryCounter() {
        CleanEvent click = event("GET", "/product/13817625.html", 200, "https://www.google.com/search?sxsrf=ps4",
                "shop.example.com", "de", 12);
        assertEquals(List.of(
                        cell("product_clickcount", "20200530_13817625", "click_count", 1),
                        cell("product_search_clickcount", "20200530_www.google.com_13817625", "click_count", 1),
                        cell("country_success_count", "20200530_DE", "success_count", 1),
                        cell("host_stats", "20200530_shop.example.com", "request_count", 1),
                        cell("host_stats", "20200530_shop.example.com", "request_time_ms_sum", 12),
                        cell("host_stats", "20200530_shop.example.com", "request_time_count", 1)),
                CounterSet.standard().cellsFor(click));
        assertEquals(4, CounterSet.standard().counters().size());
    }
}
