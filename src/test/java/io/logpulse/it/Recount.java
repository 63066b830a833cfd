package io.logpulse.it;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An independent recount of the generator's lines (nginx combined + request time + host, and JSON), written from
 * the counter definitions of seed 002 and the issue, sharing no code with the job's parser or counters.
 */
final class Recount {
    private static final Pattern COMBINED_EXT = Pattern.compile(
            "^(\\S+) - - \\[([^\\]]+)\\] \"(\\S+) (\\S+) HTTP/1\\.1\" (\\d{3}) \\d+ \"([^\"]*)\" \"[^\"]*\" ([\\d.]+) (\\S+)$");
    /** Plain nginx combined: no request time, no host. */
    private static final Pattern COMBINED = Pattern.compile(
            "^(\\S+) - \\S+ \\[([^\\]]+)\\] \"(\\S+) (\\S+) HTTP/1\\.[01]\" (\\d{3}) \\d+ \"([^\"]*)\" \"[^\"]*\"$");
    private static final Pattern JSON_FIELD = Pattern.compile("\"([@\\w]+)\":\"([^\"]*)\"");
    private static final Pattern PRODUCT = Pattern.compile("^/product/(\\d+)\\.html$");
    private static final DateTimeFormatter NGINX_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);
    private static final Set<String> SEARCH_HOSTS = Set.of("www.google.com", "www.bing.com", "duckduckgo.com",
            "search.yahoo.com", "www.baidu.com", "yandex.ru");

    /** table -> row -> qualifier -> count */
    final Map<String, Map<String, Map<String, Long>>> tables = new TreeMap<>();
    long valid;
    long blacklisted;
    long unparsed;

    private final Set<String> blacklist;
    private final String serverOfHostless;

    Recount(Set<String> blacklist) {
        this(blacklist, "UNKNOWN");
    }

    /** @param serverOfHostless the host the job counts plain combined lines under (their agent's host) */
    Recount(Set<String> blacklist, String serverOfHostless) {
        this.blacklist = blacklist;
        this.serverOfHostless = serverOfHostless;
    }

    void add(String line) {
        Request request = parse(line);
        if (request == null) {
            unparsed++;
            return;
        }
        String host = request.host().equals("UNKNOWN") ? serverOfHostless : request.host();
        count(request.ip(), request.time(), request.uri(), request.status(), request.referer(), host,
                request.country(), request.requestTimeSeconds());
    }

    /** What a line says, with "UNKNOWN" for the host of plain nginx combined; null for a line of no known format. */
    static Request parse(String line) {
        Matcher m = COMBINED_EXT.matcher(line);
        if (m.matches()) {
            Instant time = ZonedDateTime.parse(m.group(2), NGINX_TIME).toInstant();
            return new Request(m.group(1), time, m.group(4), Integer.parseInt(m.group(5)), m.group(6), m.group(8),
                    null, m.group(7));
        }
        Matcher plain = COMBINED.matcher(line);
        if (plain.matches()) {
            Instant time = ZonedDateTime.parse(plain.group(2), NGINX_TIME).toInstant();
            return new Request(plain.group(1), time, plain.group(4), Integer.parseInt(plain.group(5)),
                    plain.group(6), "UNKNOWN", null, null);
        }
        if (line.startsWith("{\"server\"")) {
            Map<String, String> f = new TreeMap<>();
            Matcher jm = JSON_FIELD.matcher(line);
            while (jm.find()) {
                f.put(jm.group(1), jm.group(2));
            }
            if (!f.keySet().containsAll(Set.of("@timestamp", "client_ip", "uri", "status", "host", "request_time"))) {
                return null;
            }
            Instant time = Instant.ofEpochMilli(new BigDecimal(f.get("@timestamp")).movePointRight(3).longValue());
            return new Request(f.get("client_ip"), time, f.get("uri"), Integer.parseInt(f.get("status")),
                    f.get("http_referer"), f.get("host"), f.get("country"), f.get("request_time"));
        }
        return null;
    }

    /** One parsed line; country and request time are null where the format has none. */
    record Request(String ip, Instant time, String uri, int status, String referer, String host, String country,
                   String requestTimeSeconds) {
    }

    private void count(String ip, Instant time, String uri, int status, String referer, String host,
                       String country, String requestTimeSeconds) {
        if (blacklist.contains(ip)) {
            blacklisted++;
            return;
        }
        valid++;
        String day = DAY.format(time);
        String path = uri.contains("?") ? uri.substring(0, uri.indexOf('?')) : uri;
        Matcher product = PRODUCT.matcher(path);
        if (product.matches()) {
            String id = product.group(1);
            add("product_clickcount", day + "_" + id, "click_count", 1);
            String refererHost = referer == null || referer.isEmpty() || referer.equals("-") ? null
                    : URI.create(referer).getHost();
            if (refererHost != null && SEARCH_HOSTS.contains(refererHost)) {
                add("product_search_clickcount", day + "_" + refererHost + "_" + id, "click_count", 1);
            }
        }
        if (status / 100 == 2) {
            add("country_success_count", day + "_" + (country == null ? "UNKNOWN" : country), "success_count", 1);
        }
        String hostRow = day + "_" + host;
        add("host_stats", hostRow, "request_count", 1);
        if (status / 100 == 4) {
            add("host_stats", hostRow, "status_4xx", 1);
        }
        if (status / 100 == 5) {
            add("host_stats", hostRow, "status_5xx", 1);
        }
        if (requestTimeSeconds != null) {
            add("host_stats", hostRow, "request_time_ms_sum", new BigDecimal(requestTimeSeconds).movePointRight(3)
                    .longValueExact());
            add("host_stats", hostRow, "request_time_count", 1);
        }
    }

    private void add(String table, String row, String qualifier, long delta) {
        tables.computeIfAbsent(table, t -> new TreeMap<>()).computeIfAbsent(row, r -> new TreeMap<>())
                .merge(qualifier, delta, Long::sum);
    }
}
