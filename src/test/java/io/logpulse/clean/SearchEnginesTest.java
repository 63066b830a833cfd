package io.logpulse.clean;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import java.util.List;
import org.junit.Test;

public class SearchEnginesTest {

    private final SearchEngines engines = SearchEngines.defaults();

    @Test
    public void recognisesEngineHosts() {
        assertEquals("google", engines.engineOf("www.google.com"));
        assertEquals("google", engines.engineOf("google.co.uk"));
        assertEquals("google", engines.engineOf("www.google.com.au"));
        assertEquals("bing", engines.engineOf("cn.bing.com"));
        assertEquals("yahoo", engines.engineOf("search.yahoo.com"));
        assertEquals("duckduckgo", engines.engineOf("duckduckgo.com"));
        assertEquals("baidu", engines.engineOf("m.baidu.com"));
        assertEquals("yandex", engines.engineOf("yandex.ru"));
    }

    @Test
    public void ignoresOtherHosts() {
        assertNull(engines.engineOf("shop.example.com"));
        assertNull(engines.engineOf("google.evil.com"));
        assertNull(engines.engineOf("notgoogle.com"));
        assertNull(engines.engineOf("google"));
        assertNull(engines.engineOf(""));
        assertNull(engines.engineOf(null));
    }

    @Test
    public void listIsConfigurable() {
        SearchEngines custom = SearchEngines.parse(" Ecosia , google,");
        assertEquals(List.of("ecosia", "google"), custom.names());
        assertEquals("ecosia", custom.engineOf("www.ecosia.org"));
        assertNull(custom.engineOf("www.bing.com"));
    }

    @Test(expected = IllegalArgumentException.class)
    public void refusesNamesThatAreNotOneLabel() {
        SearchEngines.parse("google.com");
    }

    @Test(expected = IllegalArgumentException.class)
    public void refusesAnEmptyList() {
        SearchEngines.parse(" , ");
    }
}
