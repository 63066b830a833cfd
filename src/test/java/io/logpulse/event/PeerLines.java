package io.logpulse.event;

import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.BiFunction;

/**
 * The conformance set of other projects' access-log lines (shared/peer-lines/cases.jsonl, read where it lies: its
 * lines are other projects' test data and are never copied into this repository), and its score: how many of the
 * lines peers call valid LogPulse parses with every field the peer asserts equal, and whether it refuses the
 * lines peers call invalid and the error-log lines.
 *
 * <p>Each case is parsed as its operator would configure LogPulse: auto-detection, or, for the variants whose
 * layout is known (fluentd's {@code $remote_addr $host $remote_user}, ingress-nginx's {@code upstreaminfo}, ...),
 * that layout declared as {@code logpulse.log.format}. The auto-only score is shown beside it.
 */
final class PeerLines {

    /** -Dlogpulse.peer.lines=PATH reads the cases from elsewhere; the default is the shared folder beside the repo. */
    static final String PATH_PROPERTY = "logpulse.peer.lines";
    static final double MIN_VALID_SHARE = 0.95;

    private static final String NGINX_COMBINED =
            "$remote_addr - $remote_user [$time_local] \"$request\" $status $body_bytes_sent \"$http_referer\" \"$http_user_agent\"";
    private static final String FLUENTD_NGINX =
            "$remote_addr $host $remote_user [$time_local] \"$request\" $status $body_bytes_sent \"$http_referer\" \"$http_user_agent\"";
    private static final String INGRESS_UPSTREAMINFO = NGINX_COMBINED + " $request_length $request_time"
            + " [$proxy_upstream_name] [$proxy_alternative_upstream_name] $upstream_addr $upstream_response_length"
            + " $upstream_response_time $upstream_status $req_id";
    private static final String APACHE_VHOST_COMMON = "%v %h %l %u %t \"%r\" %>s %b";

    /** The layouts the cases' variants name, as a user would declare them. */
    private static final Map<String, String> LAYOUTS = Map.of(
            "fluentd-nginx ($remote_addr $host $remote_user)", FLUENTD_NGINX,
            "fluentd-nginx + $http_x_forwarded_for", FLUENTD_NGINX + " \"$http_x_forwarded_for\"",
            "ingress-nginx upstreaminfo", INGRESS_UPSTREAMINFO,
            "vrl-nginx-ingress_upstreaminfo", INGRESS_UPSTREAMINFO,
            "vrl-nginx-main", NGINX_COMBINED + " \"$http_x_forwarded_for\"",
            "vhost_common (%v %h %l %u %t \"%r\" %>s %b)", APACHE_VHOST_COMMON,
            "vhost_combined", APACHE_VHOST_COMMON + " \"%{Referer}i\" \"%{User-agent}i\"",
            "ovh (host in the ident position)", "%h %v %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-agent}i\"");
    private static final DateTimeFormatter CLF_TIME = DateTimeFormatter.ofPattern("dd/MMM/uuuu:HH:mm:ss Z", Locale.ENGLISH);

    record Case(String id, String source, String format, String variant, String line, Map<String, Object> expect,
                List<String> asserted, boolean valid) {

        boolean scored() {
            return valid && (format.equals("combined") || format.equals("common")) && !isErrorLog();
        }

        /** Lines an access-log parser must refuse: peer-invalid ones and error-log lines. */
        boolean mustBeRejected() {
            return !valid || isErrorLog();
        }

        boolean isErrorLog() {
            return format.equals("nginx-error") || variant.equals("apache-error");
        }

        /** The format this case's operator would declare: the variant's layout, a format string it quotes, or auto. */
        String declaredFormat() {
            String layout = LAYOUTS.get(variant);
            if (layout != null) {
                return layout;
            }
            int open = variant.indexOf('\'');
            int close = variant.lastIndexOf('\'');
            boolean quotesAFormat = close > open + 1 && variant.substring(open, close).indexOf('%') >= 0
                    && !variant.contains("...");
            return quotesAFormat ? variant.substring(open + 1, close) : "auto";
        }
    }

    private PeerLines() {
    }

    /** The workplace's shared folder, for a clone that is not beside it (CI clones to a temporary directory). */
    private static final Path SHARED_CASES = Path.of("/work/shared/peer-lines/cases.jsonl");

    private static Path casesFile() {
        String given = System.getProperty(PATH_PROPERTY);
        if (given != null && !given.isBlank()) {
            return Path.of(given);
        }
        Path beside = Path.of("../shared/peer-lines/cases.jsonl");
        return Files.isRegularFile(beside) ? beside : SHARED_CASES;
    }

    static List<Case> load() {
        Path file = casesFile();
        assertTrue("the peer-lines conformance set is not at " + file.toAbsolutePath().normalize()
                        + " nor " + SHARED_CASES + ": it lives in the shared folder beside the repository"
                        + " (shared/peer-lines/cases.jsonl);"
                        + " point -D" + PATH_PROPERTY + "=PATH at it. Its lines are never copied into the repository.",
                Files.isRegularFile(file));
        List<Case> cases = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                Map<String, Object> node = TestJson.object(line);
                String source = (String) node.get("source");
                @SuppressWarnings("unchecked")
                List<String> asserted = (List<String>) node.get("asserted");
                @SuppressWarnings("unchecked")
                Map<String, Object> expect = (Map<String, Object>) node.get("expect");
                cases.add(new Case((String) node.get("id"), source.substring(0, Math.max(source.indexOf('@'), 0)),
                        (String) node.get("format"), (String) node.getOrDefault("variant", ""), (String) node.get("line"),
                        expect, asserted, Boolean.TRUE.equals(node.get("valid"))));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file, e);
        }
        return cases;
    }

    /**
     * Parses every case: all lines once with auto-detection, and each declared layout's lines with it.
     *
     * @param parse (format, lines) to one {@code bin/logpulse parse} JSON output line per input line
     * @return the score, with its table
     */
    static Score score(List<Case> cases, BiFunction<String, List<String>, List<String>> parse) {
        List<String> auto = parse.apply("auto", cases.stream().map(Case::line).toList());
        Map<String, List<Integer>> byLayout = new LinkedHashMap<>();
        for (int i = 0; i < cases.size(); i++) {
            String format = cases.get(i).declaredFormat();
            if (!format.equals("auto")) {
                byLayout.computeIfAbsent(format, f -> new ArrayList<>()).add(i);
            }
        }
        List<String> configured = new ArrayList<>(auto);
        byLayout.forEach((format, indexes) -> {
            List<String> outputs = parse.apply(format, indexes.stream().map(i -> cases.get(i).line()).toList());
            for (int k = 0; k < indexes.size(); k++) {
                configured.set(indexes.get(k), outputs.get(k));
            }
        });
        Score score = new Score();
        for (int i = 0; i < cases.size(); i++) {
            score.add(cases.get(i), parsed(configured.get(i)), parsed(auto.get(i)));
        }
        return score;
    }

    private static Map<String, Object> parsed(String output) {
        try {
            return TestJson.object(output);
        } catch (RuntimeException e) {
            throw new AssertionError("parse printed a line that is not a JSON object: " + output, e);
        }
    }

    /** What differs between a peer's asserted fields and ours; empty when all agree, or when we rejected the line. */
    static List<String> mismatches(Case c, Map<String, Object> ours) {
        List<String> differences = new ArrayList<>();
        if (ours.containsKey("reject")) {
            differences.add("rejected: " + ours.get("reject"));
            return differences;
        }
        for (String key : c.asserted()) {
            String problem = compare(key, c.expect().get(key), ours);
            if (problem != null) {
                differences.add(problem);
            }
        }
        return differences;
    }

    /** Peers' field names mapped onto ours; fields LogPulse does not produce (user, ident, upstream_*) are not compared. */
    private static String compare(String key, Object expected, Map<String, Object> ours) {
        return switch (key) {
            case "client_ip" -> same(key, address(text(expected)), address(text(ours.get("client_ip"))));
            case "time_utc" -> same(key, instant(text(expected)), instant(text(ours.get("time"))));
            case "time" -> {
                Instant clf = clfInstant(text(expected));
                yield clf == null ? null : same(key, clf, instant(text(ours.get("time"))));
            }
            case "method", "protocol", "host" -> same(key, text(expected), text(ours.get(key)));
            case "status", "bytes" -> same(key, number(expected), number(ours.get(key)));
            case "path" -> sameText(key, text(expected), target(ours));
            case "referer", "user_agent" -> sameText(key, absentIfDash(text(expected)), absentIfDash(text(ours.get(key))));
            case "request_time" -> same(key, expected == null ? null
                    : Math.round(((Number) expected).doubleValue() * 1000), number(ours.get("request_time_ms")));
            default -> null;
        };
    }

    private static String same(String key, Object expected, Object actual) {
        return Objects.equals(expected, actual) ? null : key + ": peer " + expected + ", ours " + actual;
    }

    /**
     * Peers disagree on decoding the log's escapes ({@code \"}, {@code \\}, {@code \xHH}; SOURCES.md,
     * "Escapes"); LogPulse decodes them, so an expectation that keeps them raw is compared decoded too.
     */
    private static String sameText(String key, String expected, String actual) {
        if (Objects.equals(expected, actual) || (expected != null && Objects.equals(decoded(expected), actual))) {
            return null;
        }
        return key + ": peer " + expected + ", ours " + actual;
    }

    private static String decoded(String raw) {
        DecodedText text = new DecodedText();
        try {
            text.appendQuoted(raw + "\"", 0);
        } catch (LineRejected e) {
            return raw;
        }
        return text.build();
    }

    private static String target(Map<String, Object> ours) {
        String path = text(ours.get("path"));
        String query = text(ours.get("query"));
        return path == null ? null : query == null ? path : path + "?" + query;
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    private static Long number(Object value) {
        return value == null ? null : ((Number) value).longValue();
    }

    /** "-", "" and absent all mean no referer / user agent; peers pick one each (SOURCES.md, "Disagreements"). */
    private static String absentIfDash(String value) {
        return value == null || value.isEmpty() || value.equals("-") ? null : value;
    }

    private static String address(String text) {
        if (text == null) {
            return null;
        }
        String ip = IpAddress.canonical(text);
        return ip != null ? ip : text.toLowerCase(Locale.ROOT);
    }

    private static Instant instant(String text) {
        return text == null ? null : Instant.parse(text);
    }

    private static Instant clfInstant(String text) {
        try {
            return text == null ? null : OffsetDateTime.parse(text, CLF_TIME).toInstant();
        } catch (RuntimeException notClf) {
            return null;
        }
    }

    /** Per source: valid lines parsed with equal fields, and lines that must be refused that were. */
    static final class Score {

        private final Map<String, int[]> bySource = new TreeMap<>();
        private final List<String> misses = new ArrayList<>();
        private final List<String> autoMisses = new ArrayList<>();
        private int autoEqual;

        void add(Case c, Map<String, Object> configured, Map<String, Object> auto) {
            int[] row = bySource.computeIfAbsent(c.source(), s -> new int[6]);
            if (c.mustBeRejected()) {
                row[3]++;
                if (configured.containsKey("reject")) {
                    row[2]++;
                } else {
                    misses.add(c.id() + " (" + c.source() + ", must be rejected) parsed: " + configured);
                }
            } else if (c.scored()) {
                row[1]++;
                List<String> differences = mismatches(c, configured);
                if (differences.isEmpty()) {
                    row[0]++;
                } else {
                    misses.add(c.id() + " (" + c.source() + ", " + c.format()
                            + (c.variant().isEmpty() ? "" : " / " + c.variant()) + ") " + differences);
                }
                if (mismatches(c, auto).isEmpty()) {
                    autoEqual++;
                } else {
                    autoMisses.add(c.id());
                }
            } else {
                row[5]++;
                row[4] += configured.containsKey("reject") || !mismatches(c, configured).isEmpty() ? 0 : 1;
            }
        }

        int validEqual() {
            return bySource.values().stream().mapToInt(r -> r[0]).sum();
        }

        int valid() {
            return bySource.values().stream().mapToInt(r -> r[1]).sum();
        }

        int rejected() {
            return bySource.values().stream().mapToInt(r -> r[2]).sum();
        }

        int mustBeRejected() {
            return bySource.values().stream().mapToInt(r -> r[3]).sum();
        }

        String table() {
            StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "%-42s %22s %20s %16s%n",
                    "source", "valid parsed-and-equal", "invalid rejected", "other formats"));
            int[] total = new int[6];
            bySource.forEach((source, r) -> {
                table.append(String.format(Locale.ROOT, "%-42s %22s %20s %16s%n", source, r[0] + " / " + r[1],
                        r[2] + " / " + r[3], r[4] + " / " + r[5]));
                for (int i = 0; i < 6; i++) {
                    total[i] += r[i];
                }
            });
            table.append(String.format(Locale.ROOT, "%-42s %22s %20s %16s%n", "total", total[0] + " / " + total[1],
                    total[2] + " / " + total[3], total[4] + " / " + total[5]));
            table.append(String.format(Locale.ROOT, "valid combined/common lines parsed and equal: %.1f %% as configured"
                            + " (auto-detection, or the layout the variant names), %.1f %% with auto-detection alone (%d / %d)%n",
                    100.0 * total[0] / total[1], 100.0 * autoEqual / total[1], autoEqual, total[1]));
            misses.forEach(miss -> table.append("  not equal: ").append(miss).append('\n'));
            table.append("  not equal with auto-detection alone: ").append(String.join(" ", autoMisses)).append('\n');
            return table.toString();
        }

        void check() {
            assertTrue("fewer than " + (int) (MIN_VALID_SHARE * 100) + " % of the peer-valid combined/common lines"
                    + " parse with equal fields:\n" + table(), validEqual() >= MIN_VALID_SHARE * valid());
            assertTrue("a line peers call invalid, or an error-log line, was parsed:\n" + table(),
                    rejected() == mustBeRejected());
        }
    }
}
