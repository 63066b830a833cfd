package io.logpulse.generator;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Random;

/**
 * Realistic shop traffic: Zipf-skewed product popularity, other pages, search-engine referers with queries, several
 * hosts and countries, IPv4 with some IPv6, a 2xx/3xx/4xx/5xx mix; plus the scenarios the alert rules must catch.
 * Deterministic for a given seed.
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
  private long produced;

  TrafficModel(long seed, boolean scenarios, int stormErrors) {
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
  }

  Request next(Instant now) {
    if (scenarios && injected.isEmpty()) {
      // Episodes are spaced by lines, so that --count runs from cron trigger them too.
      if (produced % SCENARIO_CYCLE == 5_000) {
        for (int i = 0; i < BURST_REQUESTS; i++) {
          injected.add(request(now, BURST_CLIENT, "GET", productUri(), 200, "www.shop.example"));
        }
      } else if (produced % SCENARIO_CYCLE == 15_000) {
        for (int i = 0; i < stormErrors; i++) {
          injected.add(request(now, ipv4(), "GET", "/api/v1/missing/" + i, 404, STORM_HOST));
        }
      }
    }
    produced++;
    if (!injected.isEmpty()) {
      return injected.poll();
    }
    String uri = random.nextDouble() < 0.6 ? productUri() : PAGES[random.nextInt(PAGES.length)];
    String ip = random.nextDouble() < 0.05 ? ipv6() : ipv4();
    return request(now, ip, METHODS[random.nextInt(METHODS.length)], uri, status(), pickHost());
  }

  private Request request(Instant now, String ip, String method, String uri, int status, String host) {
    String referer = random.nextDouble() < 0.3
        ? ENGINES[random.nextInt(ENGINES.length)] + QUERIES[random.nextInt(QUERIES.length)]
        : random.nextDouble() < 0.5 ? "https://www.shop.example/" : null;
    double requestTime = Math.round(random.nextDouble() * random.nextDouble() * 2000) / 1000.0;
    return new Request(now, ip, method, uri, status, 200 + random.nextInt(50_000), referer,
        AGENTS[random.nextInt(AGENTS.length)], host, COUNTRIES[random.nextInt(COUNTRIES.length)], requestTime,
        SERVERS[random.nextInt(SERVERS.length)]);
  }

  private String productUri() {
    double u = random.nextDouble();
    int lo = 0;
    int hi = PRODUCTS - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (productCdf[mid] < u) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    String uri = "/product/" + (10_000_000 + lo * 7919) + ".html";
    return random.nextDouble() < 0.1 ? uri + "?ref=promo" : uri;
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

  private String ipv4() {
    return (1 + random.nextInt(222)) + "." + random.nextInt(256) + "." + random.nextInt(256) + "."
        + (1 + random.nextInt(254));
  }

  private String ipv6() {
    return "2001:db8:" + Integer.toHexString(random.nextInt(0x10000)) + "::" + Integer.toHexString(
        1 + random.nextInt(0xffff));
  }
}
