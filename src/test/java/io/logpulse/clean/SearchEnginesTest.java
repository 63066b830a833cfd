package io.logpulse.clean;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import java.util.List;
import java.util.Random;
import java.util.Set;
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
    public void findsTheEngineThatSplittingTheHostIntoLabelsFinds() {
        List<String> labels = List.of("google", "bing", "co", "com", "uk", "au", "www", "evil", "", "x");
        Random random = new Random(12);
        for (int n = 0; n < 100_000; n++) {
            StringBuilder host = new StringBuilder();
            for (int k = random.nextInt(6); k >= 0; k--) {
                host.append(labels.get(random.nextInt(labels.size()))).append(k > 0 || random.nextInt(8) == 0 ? "." : "");
            }
            assertEquals(host.toString(), bySplitting(host.toString()), engines.engineOf(host.toString()));
        }
    }

    /** The rule as the class states it, read off the split labels: the oracle the scan must agree with. */
    private static String bySplitting(String host) {
        Set<String> secondLevel = Set.of("co", "com", "net", "org", "ac", "gov", "edu", "ne", "or", "go", "gob");
        String[] parts = host.split("\\.");
        for (int i = parts.length - 2; i >= 0; i--) {
            int suffix = parts.length - i - 1;
            boolean publicSuffix = suffix == 1 ? !parts[i + 1].isEmpty()
                    : suffix == 2 && secondLevel.contains(parts[i + 1]) && parts[i + 2].length() == 2;
            if (SearchEngines.DEFAULT_NAMES.contains(parts[i]) && publicSuffix) {
                return parts[i];
            }
        }
        return null;
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
