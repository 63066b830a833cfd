package io.logpulse.generator;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

/**
 * Realistic shop traffic: Zipf-skewed product popularity, other pages, search-engine referers with queries, several
 * hosts and countries, IPv4 with some IPv6, a 2xx/3xx/4xx/5xx mix; plus the scenarios the alert rules must catch.
 * Requests come from a fixed population of clients, each with its own IP, user agent and country: Zipf-skewed
 * activity (a few heavy clients, many light ones who come back now and then), in short sessions. Or, for a flood,
 * from a fresh client for nearly every request. Deterministic for a given seed.
 */
final class TrafficModel {
    /** A single client sends this many requests at once: more than the burst rule's 10 in 20 s. */
    static final int BURST_REQUESTS = 15;
    /** By default one host answers this many 4xx at once: more than the error-storm rule's 15 in 60 s. */
    static final int STORM_ERRORS = 25;
    /** Scenarios repeat every this many lines: the burst at 5,000 of them, the storm at 15,000. */
    private static final int SCENARIO_CYCLE = 20_000;
    /** A storm must end before the next cycle's burst is due. */
    static final int MAX_STORM_ERRORS = SCENARIO_CYCLE - 15_000 + 5_000 - BURST_REQUESTS;
    static final String BURST_CLIENT = "203.0.113.66";
    static final String STORM_HOST = "api.shop.example";
    static final int DEFAULT_CLIENTS = 20_000;
    /**
     * Each client's IP is formatted once, up front: a million clients keep about 75 MB of the 512 MB heap that
     * bin/logpulse gives the generator, and take a few seconds to set up.
     */
    static final int MAX_CLIENTS = 1_000_000;
    /** The population size that stands for --unique-clients: a fresh client for nearly every request. */
    static final int UNIQUE_CLIENTS = 0;
    /** Sessions of this many clients are under way at once, so that their requests interleave as in a real log. */
    private static final int CONCURRENT_SESSIONS = 16;
    /**
     * At most 10 requests a session, so that a session alone never trips the burst rule (more than 10 in 20 s) as
     * the injected burst does; going on after each request with a chance of 0.75, a session makes 3.8 on average.
     */
    private static final int MAX_SESSION_REQUESTS = 10;
    private static final double SESSION_CONTINUES = 0.75;
    /**
     * Client k (from 1) is picked for a session with weight 1 / (k + offset): Zipf, with a head flattened so that the
     * busiest of 20,000 clients makes about 1 % of the requests (not 10 %) while the top 1 % still make about 40 %.
     */
    private static final double ZIPF_OFFSET = 10;

    private static final int PRODUCTS = 500;
    private static final String[] HOSTS = {"www.shop.example", "m.shop.example", "api.shop.example",
            "img.shop.example"};
    private static final double[] HOST_WEIGHTS = {0.55, 0.25, 0.15, 0.05};
    private static final String[] COUNTRIES = {"US", "DE", "IR", "BR", "KR", "IN", "GB", "FR", "JP", "CN"};
    private static final String[] SERVERS = {"s_v1", "s_v2", "s_v3"};
    private static final String[] PAGES = {"/", "/cart", "/checkout", "/category/phones/505988.html",
            "/services/geek-squad-services.html", "/search?q=games", "/static/app.js", "/login"};
    private static final String[] ENGINES = {"https://www.google.com/search?q=", "https://www.bing.com/search?q=",
            "https://duckduckgo.com/?q=", "https://search.yahoo.com/search?p=", "https://www.baidu.com/s?wd=",
            "https://yandex.ru/search/?text="};
    private static final String[] QUERIES = {"ps4", "xbox", "switch", "bestbuy", "videogame", "4k+tv"};
    private static final String[] METHODS = {"GET", "GET", "GET", "GET", "GET", "GET", "POST", "PUT", "HEAD"};
    private static final String[] AGENTS = {
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36",
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148",
            "curl/8.5.0"};

    private final Random random;
    private final double[] productCdf = new double[PRODUCTS];
    private final boolean scenarios;
    private final int stormErrors;
    private final Deque<Request> injected = new ArrayDeque<>();
    // The population, by client: null with --unique-clients.
    private final String[] clientIps;
    private final String[] clientAgents;
    private final String[] clientCountries;
    private final double[] clientCdf;
    private final int[] sessionClient = new int[CONCURRENT_SESSIONS];
    private final int[] sessionLeft = new int[CONCURRENT_SESSIONS];
    private long produced;

    /** @param clients the population's size, or {@link #UNIQUE_CLIENTS} for a fresh client for nearly every request */
    TrafficModel(long seed, boolean scenarios, int stormErrors, int clients) {
        if (clients < 0 || clients > MAX_CLIENTS) {
            throw new IllegalArgumentException("clients: 0 to " + MAX_CLIENTS + ", got " + clients);
        }
        this.random = new Random(seed);
        this.scenarios = scenarios;
        this.stormErrors = stormErrors;
        double sum = 0;
        for (int i = 0; i < PRODUCTS; i++) {
            sum += 1.0 / (i + 1);
            productCdf[i] = sum;
        }
        for (int i = 0; i < PRODUCTS; i++) {
            productCdf[i] /= sum;
        }
        if (clients == UNIQUE_CLIENTS) {
            // No draws here: for a seed, --unique-clients writes the lines the generator wrote before it had clients.
            clientIps = null;
            clientAgents = null;
            clientCountries = null;
            clientCdf = null;
            return;
        }
        clientIps = new String[clients];
        clientAgents = new String[clients];
        clientCountries = new String[clients];
        clientCdf = new double[clients];
        Set<String> taken = new HashSet<>();
        sum = 0;
        for (int i = 0; i < clients; i++) {
            String ip;
            do {
                // Every 20th client on IPv6: 5 % of the clients, spread over heavy and light ones alike.
                ip = i % 20 == 19 ? ipv6() : ipv4();
            } while (inDocumentationRange(ip) || !taken.add(ip));
            clientIps[i] = ip;
            clientAgents[i] = AGENTS[random.nextInt(AGENTS.length)];
            clientCountries[i] = COUNTRIES[random.nextInt(COUNTRIES.length)];
            sum += 1.0 / (i + 1 + ZIPF_OFFSET);
            clientCdf[i] = sum;
        }
        for (int i = 0; i < clients; i++) {
            clientCdf[i] /= sum;
        }
    }

    /** The population's size; {@link #UNIQUE_CLIENTS} with a fresh client for nearly every request. */
    int clients() {
        return clientIps == null ? UNIQUE_CLIENTS : clientIps.length;
    }

    Request next(Instant now) {
        if (scenarios && injected.isEmpty()) {
            // Episodes are spaced by lines, so that --count runs from cron trigger them too.
            if (produced % SCENARIO_CYCLE == 5_000) {
                for (int i = 0; i < BURST_REQUESTS; i++) {
                    injected.add(request(now, BURST_CLIENT, null, null, "GET", productUri(), 200, "www.shop.example"));
                }
            } else if (produced % SCENARIO_CYCLE == 15_000) {
                for (int i = 0; i < stormErrors; i++) {
                    injected.add(request(now, ipv4(), null, null, "GET", "/api/v1/missing/" + i, 404, STORM_HOST));
                }
            }
        }
        produced++;
        if (!injected.isEmpty()) {
            return injected.poll();
        }
        String uri = random.nextDouble() < 0.6 ? productUri() : PAGES[random.nextInt(PAGES.length)];
        if (clientIps == null) {
            String ip = random.nextDouble() < 0.05 ? ipv6() : ipv4();
            return request(now, ip, null, null, METHODS[random.nextInt(METHODS.length)], uri, status(), pickHost());
        }
        int client = nextClient();
        return request(now, clientIps[client], clientAgents[client], clientCountries[client],
                METHODS[random.nextInt(METHODS.length)], uri, status(), pickHost());
    }

    /** The client of the next request: that of one of the sessions under way, or of a new one where it ended. */
    private int nextClient() {
        int slot = random.nextInt(CONCURRENT_SESSIONS);
        if (sessionLeft[slot] == 0) {
            sessionClient[slot] = pick(clientCdf, random.nextDouble());
            int requests = 1;
            while (requests < MAX_SESSION_REQUESTS && random.nextDouble() < SESSION_CONTINUES) {
                requests++;
            }
            sessionLeft[slot] = requests;
        }
        sessionLeft[slot]--;
        return sessionClient[slot];
    }

    /** {@code agent} and {@code country}: the client's own, or null to draw them for this request alone. */
    private Request request(Instant now, String ip, String agent, String country, String method, String uri,
                                                    int status, String host) {
        String referer = random.nextDouble() < 0.3
                ? ENGINES[random.nextInt(ENGINES.length)] + QUERIES[random.nextInt(QUERIES.length)]
                : random.nextDouble() < 0.5 ? "https://www.shop.example/" : null;
        double requestTime = Math.round(random.nextDouble() * random.nextDouble() * 2000) / 1000.0;
        return new Request(now, ip, method, uri, status, 200 + random.nextInt(50_000), referer,
                agent != null ? agent : AGENTS[random.nextInt(AGENTS.length)], host,
                country != null ? country : COUNTRIES[random.nextInt(COUNTRIES.length)], requestTime,
                SERVERS[random.nextInt(SERVERS.length)]);
    }

    private String productUri() {
        String uri = "/product/" + (10_000_000 + pick(productCdf, random.nextDouble()) * 7919) + ".html";
        return random.nextDouble() < 0.1 ? uri + "?ref=promo" : uri;
    }

    /** The first index whose cumulative weight reaches {@code u}. */
    private static int pick(double[] cdf, double u) {
        int lo = 0;
        int hi = cdf.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cdf[mid] < u) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private int status() {
        double u = random.nextDouble();
        if (u < 0.85) {
            return u < 0.83 ? 200 : 201;
        }
        if (u < 0.90) {
            return u < 0.88 ? 304 : 301;
        }
        if (u < 0.97) {
            return u < 0.95 ? 404 : 403;
        }
        return u < 0.99 ? 500 : 503;
    }

    private String pickHost() {
        double u = random.nextDouble();
        for (int i = 0; i < HOSTS.length; i++) {
            u -= HOST_WEIGHTS[i];
            if (u <= 0) {
                return HOSTS[i];
            }
        }
        return HOSTS[0];
    }

    /**
     * RFC 5737's documentation networks: the burst client (203.0.113.66) and the tests' blacklisted client are there,
     * and a population client must not be taken for either.
     */
    private static boolean inDocumentationRange(String ip) {
        return ip.startsWith("192.0.2.") || ip.startsWith("198.51.100.") || ip.startsWith("203.0.113.");
    }

    private String ipv4() {
        return (1 + random.nextInt(222)) + "." + random.nextInt(256) + "." + random.nextInt(256) + "."
                + (1 + random.nextInt(254));
    }

    private String ipv6() {
        return "2001:db8:" + Integer.toHexString(random.nextInt(0x10000)) + "::" + Integer.toHexString(
                1 + random.nextInt(0xffff));
    }
}
