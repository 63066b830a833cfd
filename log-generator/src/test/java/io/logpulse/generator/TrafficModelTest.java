package io.logpulse.generator;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.Test;

public class TrafficModelTest {
    private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");

    @Test
    public void aPopulationHasTheConfiguredSizeAndEveryClientKeepsItsIp() {
        TrafficModel model = new TrafficModel(42, false, TrafficModel.STORM_ERRORS, 500);
        assertEquals(500, model.clients());
        // 200,000 requests reach even the lightest of 500 clients (about 25 sessions each), and no one else.
        Set<String> ips = new HashSet<>();
        for (Request r : requests(model, 200_000)) {
            ips.add(r.clientIp());
        }
        assertEquals(500, ips.size());
    }

    @Test
    public void aDefaultRunHasFarFewerDistinctClientsThanRequests() {
        Map<String, Integer> perClient = perClient(requests(defaultModel(42), 100_000));
        assertTrue(perClient.size() + " distinct of 100,000", perClient.size() < 100_000 / 5);
        assertTrue(perClient.size() + " distinct", perClient.size() <= TrafficModel.DEFAULT_CLIENTS);
    }

    @Test
    public void theTopOnePercentOfClientsMakeALargeShareOfTheRequests() {
        List<Integer> counts = new ArrayList<>(perClient(requests(defaultModel(42), 100_000)).values());
        counts.sort(Comparator.reverseOrder());
        long top = counts.stream().limit(TrafficModel.DEFAULT_CLIENTS / 100).mapToLong(Integer::longValue).sum();
        // About 40 % by the model's weights, against 1 % if every client were as busy as the others.
        assertTrue("top 1 % made " + top + " of 100,000", top > 30_000);
        // Skewed, not one client's log: the busiest makes about 1 %.
        assertTrue("the busiest made " + counts.get(0), counts.get(0) < 3_000);
    }

    @Test
    public void lightClientsComeInShortSessionsAndComeBackLater() {
        List<Request> requests = requests(defaultModel(42), 100_000);
        Map<String, Integer> perClient = perClient(requests);
        Map<String, Integer> last = new HashMap<>();
        int followUps = 0;
        int close = 0;
        Set<String> returned = new HashSet<>();
        for (int i = 0; i < requests.size(); i++) {
            String ip = requests.get(i).clientIp();
            Integer previous = last.put(ip, i);
            // Light clients only: a heavy client's requests are close together whether or not it has sessions.
            if (previous != null && perClient.get(ip) <= 20) {
                followUps++;
                if (i - previous <= 100) {
                    close++;
                }
                if (i - previous > 5_000) {
                    returned.add(ip);
                }
            }
        }
        // Without sessions a client with 20 requests in 100,000 would follow itself within 100 lines 2 % of the time.
        assertTrue(close + " of " + followUps + " within 100 lines", close > followUps * 0.7);
        assertTrue(returned.size() + " light clients came back", returned.size() > 1_000);
    }

    @Test
    public void everyClientKeepsItsUserAgentAndCountry() {
        Map<String, String> agentOf = new HashMap<>();
        Map<String, String> countryOf = new HashMap<>();
        Set<String> agents = new HashSet<>();
        for (Request r : requests(defaultModel(42), 50_000)) {
            String agent = agentOf.putIfAbsent(r.clientIp(), r.userAgent());
            assertTrue(r.clientIp(), agent == null || agent.equals(r.userAgent()));
            String country = countryOf.putIfAbsent(r.clientIp(), r.country());
            assertTrue(r.clientIp(), country == null || country.equals(r.country()));
            agents.add(r.userAgent());
        }
        assertEquals("clients differ in their agents", 3, agents.size());
    }

    @Test
    public void aboutOneRequestInTwentyComesFromAnIpv6Client() {
        long ipv6 = requests(defaultModel(42), 100_000).stream().filter(r -> r.clientIp().contains(":")).count();
        assertTrue(ipv6 + " of 100,000", ipv6 > 3_000 && ipv6 < 7_000);
    }

    @Test
    public void uniqueClientsGiveNearlyEveryRequestItsOwnIp() {
        TrafficModel model = new TrafficModel(42, false, TrafficModel.STORM_ERRORS, TrafficModel.UNIQUE_CLIENTS);
        assertEquals(TrafficModel.UNIQUE_CLIENTS, model.clients());
        Map<String, Integer> perClient = perClient(requests(model, 100_000));
        assertTrue(perClient.size() + " distinct of 100,000", perClient.size() > 99_000);
    }

    @Test
    public void theSameSeedWritesTheSameLines() {
        for (int clients : new int[] {TrafficModel.DEFAULT_CLIENTS, TrafficModel.UNIQUE_CLIENTS}) {
            // Every field of every request, the scenarios' too.
            List<Request> first = requests(new TrafficModel(7, true, TrafficModel.STORM_ERRORS, clients), 30_000);
            List<Request> again = requests(new TrafficModel(7, true, TrafficModel.STORM_ERRORS, clients), 30_000);
            List<Request> other = requests(new TrafficModel(8, true, TrafficModel.STORM_ERRORS, clients), 30_000);
            assertEquals("clients=" + clients, first, again);
            assertNotEquals("clients=" + clients, first, other);
        }
    }

    @Test
    public void scenariosStillInjectTheBurstClientAndTheStormAmongThePopulation() {
        List<Request> requests = requests(new TrafficModel(42, true, 300, TrafficModel.DEFAULT_CLIENTS), 40_000);
        List<Integer> burst = new ArrayList<>();
        int storm = 0;
        for (int i = 0; i < requests.size(); i++) {
            Request r = requests.get(i);
            if (r.clientIp().equals(TrafficModel.BURST_CLIENT)) {
                burst.add(i);
            }
            if (r.uri().startsWith("/api/v1/missing/") && r.status() == 404 && r.host().equals(TrafficModel.STORM_HOST)) {
                storm++;
            }
        }
        // 15 at once, every 20,000 lines: the burst rule (more than 10 in 20 s) sees them however fast lines go.
        List<Integer> expected = new ArrayList<>();
        for (int cycle : new int[] {5_000, 25_000}) {
            for (int i = 0; i < TrafficModel.BURST_REQUESTS; i++) {
                expected.add(cycle + i);
            }
        }
        assertEquals(expected, burst);
        assertEquals(2 * 300, storm);
    }

    @Test
    public void noClientOfThePopulationIsInTheDocumentationNetworks() {
        // The burst client is there, and so is the client that the job's tests blacklist (198.51.100.7).
        for (Request r : requests(new TrafficModel(42, false, TrafficModel.STORM_ERRORS, 100_000), 200_000)) {
            String ip = r.clientIp();
            assertFalse(ip, ip.startsWith("192.0.2.") || ip.startsWith("198.51.100.") || ip.startsWith("203.0.113."));
        }
    }

    private static TrafficModel defaultModel(long seed) {
        return new TrafficModel(seed, false, TrafficModel.STORM_ERRORS, TrafficModel.DEFAULT_CLIENTS);
    }

    private static List<Request> requests(TrafficModel model, int n) {
        List<Request> requests = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            requests.add(model.next(NOW));
        }
        return requests;
    }

    private static Map<String, Integer> perClient(List<Request> requests) {
        Map<String, Integer> counts = new HashMap<>();
        for (Request r : requests) {
            counts.merge(r.clientIp(), 1, Integer::sum);
        }
        return counts;
    }
}
