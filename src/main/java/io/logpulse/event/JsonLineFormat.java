package io.logpulse.event;

import java.time.ZoneId;
import java.util.Map;
import java.util.Objects;

/**
 * A JSON object per line, as nginx writes with {@code log_format ... escape=json}, or the seed-000 Python dict.
 * Keys vary between set-ups, so each field is looked up under the names nginx variables and common
 * shippers give it.
 */
final class JsonLineFormat implements LogFormat {

    private static final long serialVersionUID = 1L;

    private final ZoneId localZone;

    /** @param localZone zone of ISO timestamps written without an offset */
    JsonLineFormat(ZoneId localZone) {
        this.localZone = Objects.requireNonNull(localZone, "localZone");
    }

    @Override
    public boolean accepts(String line) {
        int start = 0;
        while (start < line.length() && Character.isWhitespace(line.charAt(start))) {
            start++;
        }
        return start < line.length() && line.charAt(start) == '{';
    }

    @Override
    public LoggedFields read(String line) throws LineRejected {
        Map<String, String> fields = JsonLineReader.read(line.strip());
        LoggedFields read = new LoggedFields();
        read.remoteAddr = ClientAddress.canonical(required(fields, "client_ip", "remote_addr"));
        read.forwardedFor = first(fields, "http_x_forwarded_for", "x_forwarded_for");
        read.time = LogTime.anyOf(required(fields, "@timestamp", "timestamp", "time_iso8601", "time_local", "time"), localZone);
        read.status = FieldValues.status(required(fields, "status"));
        String request = first(fields, "request");
        if (request != null) {
            read.request(HttpRequestLine.lenient(request));
        } else {
            read.target(HttpRequestLine.lenientTarget(first(fields, "request_uri", "uri", "path")));
        }
        String method = first(fields, "method", "request_method");
        if (method != null && HttpRequestLine.isMethod(method)) {
            read.method = method;
        }
        String protocol = first(fields, "server_protocol", "protocol");
        if (protocol != null && HttpRequestLine.isProtocol(protocol)) {
            read.protocol = protocol;
        }
        String bytes = first(fields, "body_bytes_sent", "bytes_sent", "bytes");
        if (bytes != null) {
            read.bytes = FieldValues.bytes(bytes);
        }
        String requestTime = first(fields, "request_time");
        if (requestTime != null) {
            read.requestTimeMs = FieldValues.secondsAsMillis(requestTime);
        }
        read.referer = FieldValues.freeText(first(fields, "http_referer", "referer"));
        read.host = FieldValues.plainField("host", first(fields, "host", "http_host", "server_name"));
        read.country = FieldValues.plainField("country", first(fields, "country", "country_code", "geoip_country_code"));
        read.server = FieldValues.plainField("server", first(fields, "server"));
        read.userAgent = FieldValues.freeText(first(fields, "http_user_agent", "user_agent"));
        return read;
    }

    /** First present, non-blank, non-"-" value among the alias keys. */
    private static String first(Map<String, String> fields, String... keys) {
        for (String key : keys) {
            String value = FieldValues.absentIfDash(fields.get(key));
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    private static String required(Map<String, String> fields, String... keys) throws LineRejected {
        String value = first(fields, keys);
        if (value == null) {
            throw new LineRejected(Reject.MISSING_FIELD, "no " + String.join(" / ", keys) + " field");
        }
        return value;
    }
}
