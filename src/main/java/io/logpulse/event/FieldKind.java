package io.logpulse.event;

import java.util.Locale;
import java.util.Map;

/** What one field of a declared format holds, and where its value goes in the event. */
enum FieldKind {

    CLIENT((value, into) -> into.remoteAddr = ClientAddress.canonical(value)),
    FORWARDED_FOR((value, into) -> into.forwardedFor = FieldValues.absentIfDash(value)),
    TIME_LOCAL((value, into) -> {
        // Apache's %t writes the brackets itself; nginx formats put them around $time_local.
        boolean bracketed = value.length() >= 2 && value.startsWith("[") && value.endsWith("]");
        into.time = LogTime.clf(bracketed ? value.substring(1, value.length() - 1) : value);
    }),
    TIME_ISO8601((value, into) -> into.time = LogTime.iso8601(value)),
    TIME_EPOCH((value, into) -> into.time = LogTime.epochSeconds(value)),
    REQUEST((value, into) -> into.request(HttpRequestLine.lenient(value))),
    METHOD((value, into) -> {
        if (HttpRequestLine.isMethod(value)) {
            into.method = value;
        }
    }),
    /** Path and query, as nginx's {@code $request_uri}. */
    TARGET((value, into) -> into.target(HttpRequestLine.lenientTarget(FieldValues.absentIfDash(value)))),
    PATH((value, into) -> {
        String path = FieldValues.absentIfDash(value);
        if (path != null && !FieldValues.hasControlChar(path)) {
            into.path = path;
        }
    }),
    /** nginx's {@code $args} as is; Apache's {@code %q} with its leading '?', or empty. */
    QUERY((value, into) -> {
        String query = value.startsWith("?") ? value.substring(1) : value;
        if (FieldValues.absentIfDash(query) != null && !FieldValues.hasControlChar(query)) {
            into.query = query;
        }
    }),
    PROTOCOL((value, into) -> {
        if (HttpRequestLine.isProtocol(value)) {
            into.protocol = value;
        }
    }),
    /** Apache writes "-" for a request that ended before it had a status; it still counts, status unknown. */
    STATUS((value, into) -> into.status = value.equals("-") ? AccessEvent.UNKNOWN_STATUS : FieldValues.status(value)),
    BYTES((value, into) -> into.bytes = FieldValues.bytes(value)),
    REFERER((value, into) -> into.referer = FieldValues.freeText(FieldValues.absentIfDash(value))),
    USER_AGENT((value, into) -> into.userAgent = FieldValues.freeText(FieldValues.absentIfDash(value))),
    HOST((value, into) -> into.host = FieldValues.plainField("host", FieldValues.absentIfDash(value))),
    SERVER((value, into) -> into.server = FieldValues.plainField("server", FieldValues.absentIfDash(value))),
    COUNTRY((value, into) -> into.country = FieldValues.plainField("country", FieldValues.absentIfDash(value))),
    /** Seconds with a fraction: nginx's {@code $request_time}, Apache's {@code %T}. */
    SECONDS((value, into) -> into.requestTimeMs = FieldValues.secondsAsMillis(value)),
    MILLIS((value, into) -> into.requestTimeMs = FieldValues.unitsAsMillis(value, 1)),
    /** Apache's {@code %D}. */
    MICROS((value, into) -> into.requestTimeMs = FieldValues.unitsAsMillis(value, 1000)),
    /** A field LogPulse does not use ({@code $remote_user}, {@code $upstream_addr}, ...): read past, kept nowhere. */
    SKIPPED((value, into) -> { });

    private static final Map<String, FieldKind> NGINX = Map.ofEntries(
            Map.entry("remote_addr", CLIENT),
            Map.entry("http_x_forwarded_for", FORWARDED_FOR),
            Map.entry("proxy_add_x_forwarded_for", FORWARDED_FOR),
            Map.entry("time_local", TIME_LOCAL),
            Map.entry("time_iso8601", TIME_ISO8601),
            Map.entry("msec", TIME_EPOCH),
            Map.entry("request", REQUEST),
            Map.entry("request_method", METHOD),
            Map.entry("request_uri", TARGET),
            Map.entry("uri", PATH),
            Map.entry("document_uri", PATH),
            Map.entry("args", QUERY),
            Map.entry("query_string", QUERY),
            Map.entry("server_protocol", PROTOCOL),
            Map.entry("status", STATUS),
            Map.entry("body_bytes_sent", BYTES),
            Map.entry("bytes_sent", BYTES),
            Map.entry("http_referer", REFERER),
            Map.entry("http_user_agent", USER_AGENT),
            Map.entry("host", HOST),
            Map.entry("http_host", HOST),
            Map.entry("server_name", SERVER),
            Map.entry("geoip_country_code", COUNTRY),
            Map.entry("geoip2_data_country_code", COUNTRY),
            Map.entry("request_time", SECONDS));

    private static final Map<String, FieldKind> APACHE_HEADERS = Map.of(
            "referer", REFERER,
            "user-agent", USER_AGENT,
            "host", HOST,
            "x-forwarded-for", FORWARDED_FOR);

    /** Stores a field's text as logged; "-" means absent wherever a log may write it. */
    private interface Store {
        void store(String value, LoggedFields into) throws LineRejected;
    }

    private final Store store;

    FieldKind(Store store) {
        this.store = store;
    }

    void store(String value, LoggedFields into) throws LineRejected {
        store.store(value, into);
    }

    /** @param variable an nginx variable name without the '$' */
    static FieldKind ofNginx(String variable) {
        return NGINX.getOrDefault(variable, SKIPPED);
    }

    /**
     * @param directive the letter of an Apache {@code LogFormat} directive
     * @param argument  the text of its {@code {...}}, or null
     */
    static FieldKind ofApache(char directive, String argument) {
        String arg = argument == null ? null : argument.toLowerCase(Locale.ROOT);
        return switch (directive) {
            case 'h', 'a' -> CLIENT;
            case 't' -> arg == null ? TIME_LOCAL : arg.equals("sec") ? TIME_EPOCH : SKIPPED;
            case 'r' -> REQUEST;
            case 's' -> STATUS;
            case 'b', 'B', 'O' -> BYTES;
            case 'i' -> arg == null ? SKIPPED : APACHE_HEADERS.getOrDefault(arg, SKIPPED);
            case 'v', 'V' -> HOST;
            case 'D' -> MICROS;
            case 'T' -> arg == null || arg.equals("s") ? SECONDS : arg.equals("ms") ? MILLIS : arg.equals("us") ? MICROS : SKIPPED;
            case 'm' -> METHOD;
            case 'U' -> PATH;
            case 'q' -> QUERY;
            case 'H' -> PROTOCOL;
            default -> SKIPPED;
        };
    }

    boolean isTime() {
        return this == TIME_LOCAL || this == TIME_ISO8601 || this == TIME_EPOCH;
    }
}
