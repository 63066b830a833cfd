package io.logpulse.event;

import java.io.Serializable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Turns one raw log line into an {@link AccessEvent} or a {@link Reject}; never throws.
 *
 * <p>The format is recognised per line, because one Kafka topic may carry several producers:
 * <ul>
 *   <li>a line starting with '{' is a JSON object (nginx {@code escape=json}) or the seed-000 Python dict;</li>
 *   <li>a line with tabs is the seed-002 generator's {@code ip, time, "request", status, referer};</li>
 *   <li>a line starting {@code addr ident user [} is nginx/Apache {@code combined}, optionally followed
 *       by {@code $request_time} and {@code $host}.</li>
 * </ul>
 */
public final class AccessLogParser implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Longer lines are refused before any work, so one hostile client cannot slow a batch down. */
    public static final int MAX_LINE_BYTES = 8 * 1024;

    private static final DateTimeFormatter SEED_TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss", Locale.ROOT).withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter COMBINED_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/uuuu:HH:mm:ss Z", Locale.ENGLISH).withResolverStyle(ResolverStyle.STRICT);
    private static final Pattern COMBINED_PREFIX = Pattern.compile("[^ ]+ [^ ]+ [^ ]+ \\[");
    private static final Pattern EPOCH_SECONDS = Pattern.compile("\\d{1,12}(\\.\\d{1,9})?");
    private static final Pattern SECONDS = Pattern.compile("\\d{1,9}(\\.\\d{1,9})?");
    private static final Pattern METHOD = Pattern.compile("[A-Za-z_-]{1,20}");
    private static final Pattern PROTOCOL = Pattern.compile("HTTP/\\d(\\.\\d)?");
    private static final Pattern STATUS = Pattern.compile("\\d{3}");
    private static final Pattern BODY_BYTES = Pattern.compile("\\d{1,19}|-");
    private static final int SEED_FIELDS = 5;
    private static final int COMBINED_MIN_FIELDS = 9;
    private static final int COMBINED_MAX_FIELDS = 11;

    private final ZoneId localZone;

    /** Reads zone-less timestamps (the seed-002 format) as UTC. */
    public AccessLogParser() {
        this(ZoneOffset.UTC);
    }

    /** @param localZone zone of timestamps that carry no offset, such as the seed-002 {@code yyyy-MM-dd HH:mm:ss} */
    public AccessLogParser(ZoneId localZone) {
        this.localZone = Objects.requireNonNull(localZone, "localZone");
    }

    public ParseResult parse(byte[] utf8Bytes) {
        if (utf8Bytes == null || utf8Bytes.length == 0) {
            return ParseResult.rejected(Reject.EMPTY, "empty line", "");
        }
        if (utf8Bytes.length > MAX_LINE_BYTES) {
            return tooLong(utf8Bytes.length, lossyPrefix(utf8Bytes));
        }
        String line;
        try {
            line = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(utf8Bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return ParseResult.rejected(Reject.INVALID_UTF8, "line is not valid UTF-8",
                    new String(utf8Bytes, StandardCharsets.UTF_8));
        }
        return parse(line);
    }

    public ParseResult parse(String line) {
        if (line == null) {
            return ParseResult.rejected(Reject.EMPTY, "no line", "");
        }
        try {
            return ParseResult.valid(parseChecked(stripLineEnd(line)));
        } catch (LineRejected e) {
            return ParseResult.rejected(e.reason(), e.getMessage(), line);
        } catch (RuntimeException e) {
            // A streaming job must survive a parser bug on one line; the fuzz test keeps this path empty.
            return ParseResult.rejected(Reject.PARSER_ERROR, e.toString(), line);
        }
    }

    private AccessEvent parseChecked(String line) throws LineRejected {
        checkLine(line);
        String trimmed = line.strip();
        if (trimmed.startsWith("{")) {
            return parseJson(trimmed);
        }
        if (line.indexOf('\t') >= 0) {
            return parseSeedTabs(line);
        }
        if (COMBINED_PREFIX.matcher(line).lookingAt()) {
            return parseCombined(line);
        }
        throw new LineRejected(Reject.UNKNOWN_FORMAT, "neither JSON, tab-separated nor combined log format");
    }

    private static void checkLine(String line) throws LineRejected {
        // Length first: it is the only check that does not scan the whole, possibly huge, line.
        if (line.length() > MAX_LINE_BYTES) {
            throw new LineRejected(Reject.TOO_LONG, "line is " + line.length() + " chars, limit " + MAX_LINE_BYTES + " bytes");
        }
        int bytes = utf8Length(line);
        if (bytes > MAX_LINE_BYTES) {
            throw new LineRejected(Reject.TOO_LONG, "line is " + bytes + " bytes, limit " + MAX_LINE_BYTES);
        }
        if (line.isBlank()) {
            throw new LineRejected(Reject.EMPTY, "blank line");
        }
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\n' || c == '\r') {
                throw new LineRejected(Reject.EMBEDDED_NEWLINE, "line break at offset " + i + " (two records glued together?)");
            }
            if (isControl(c) && c != '\t') {
                throw new LineRejected(Reject.CONTROL_CHARS, String.format("control character U+%04X at offset %d", (int) c, i));
            }
        }
    }

    // ---- seed-002: ip \t yyyy-MM-dd HH:mm:ss \t "GET /path HTTP/1.1" \t status \t referer

    private AccessEvent parseSeedTabs(String line) throws LineRejected {
        String[] fields = line.split("\t", -1);
        if (fields.length != SEED_FIELDS) {
            throw new LineRejected(Reject.WRONG_FIELD_COUNT,
                    "tab-separated line has " + fields.length + " fields, expected " + SEED_FIELDS);
        }
        String clientIp = clientIp(fields[0]);
        Instant time = localTime(fields[1]);
        String request = fields[2];
        if (request.length() < 2 || !request.startsWith("\"") || !request.endsWith("\"")) {
            throw new LineRejected(Reject.BAD_REQUEST, "request field is not quoted: " + snippet(request));
        }
        Request parsed = Request.parse(request.substring(1, request.length() - 1));
        int status = status(fields[3]);
        return new AccessEvent(time, clientIp, parsed.method, parsed.path, parsed.query, status,
                absentIfDash(fields[4]), null, null, AccessEvent.UNKNOWN_REQUEST_TIME, null, null);
    }

    private Instant localTime(String text) throws LineRejected {
        try {
            return LocalDateTime.parse(text, SEED_TIME).atZone(localZone).toInstant();
        } catch (DateTimeException e) {
            throw new LineRejected(Reject.BAD_TIME, "time is not yyyy-MM-dd HH:mm:ss: " + snippet(text));
        }
    }

    // ---- combined: addr - user [time] "request" status bytes "referer" "agent" [request_time [host]]

    private AccessEvent parseCombined(String line) throws LineRejected {
        List<Token> tokens = Token.split(line);
        if (tokens.size() < COMBINED_MIN_FIELDS || tokens.size() > COMBINED_MAX_FIELDS) {
            throw new LineRejected(Reject.WRONG_FIELD_COUNT, "combined line has " + tokens.size()
                    + " fields, expected " + COMBINED_MIN_FIELDS + ".." + COMBINED_MAX_FIELDS);
        }
        if (!tokens.get(3).bracketed() || !tokens.get(4).quoted() || !tokens.get(7).quoted() || !tokens.get(8).quoted()) {
            throw new LineRejected(Reject.BAD_QUOTES, "time must be [bracketed]; request, referer and user agent \"quoted\"");
        }
        String clientIp = clientIp(tokens.get(0).text());
        Instant time = combinedTime(tokens.get(3).text());
        Request request = Request.parse(tokens.get(4).text());
        int status = status(tokens.get(5).text());
        if (!BODY_BYTES.matcher(tokens.get(6).text()).matches()) {
            throw new LineRejected(Reject.BAD_FIELD, "body bytes is not a number: " + snippet(tokens.get(6).text()));
        }
        long requestTimeMs = tokens.size() > 9 ? requestTimeMs(tokens.get(9).text()) : AccessEvent.UNKNOWN_REQUEST_TIME;
        String host = tokens.size() > 10 ? plainField("host", absentIfDash(tokens.get(10).text())) : null;
        return new AccessEvent(time, clientIp, request.method, request.path, request.query, status,
                freeText(absentIfDash(tokens.get(7).text())), host, null, requestTimeMs, null,
                freeText(absentIfDash(tokens.get(8).text())));
    }

    private static Instant combinedTime(String text) throws LineRejected {
        try {
            return OffsetDateTime.parse(text, COMBINED_TIME).toInstant();
        } catch (DateTimeException e) {
            throw new LineRejected(Reject.BAD_TIME, "time is not dd/MMM/yyyy:HH:mm:ss Z: " + snippet(text));
        }
    }

    // ---- JSON object: nginx escape=json, or the seed-000 Python dict

    private AccessEvent parseJson(String line) throws LineRejected {
        Map<String, String> fields = JsonLineReader.read(line);
        String clientIp = clientIp(required(fields, "client_ip", "remote_addr"));
        Instant time = jsonTime(required(fields, "@timestamp", "timestamp", "time_iso8601", "time_local", "time"));
        int status = status(required(fields, "status"));
        String method = first(fields, "method", "request_method");
        String path = null;
        String query = null;
        String request = first(fields, "request");
        if (request != null) {
            Request parsed = Request.parse(request);
            method = method == null ? parsed.method : method;
            path = parsed.path;
            query = parsed.query;
        } else {
            String uri = first(fields, "request_uri", "uri", "path");
            if (uri != null) {
                Request parsed = Request.target(uri);
                path = parsed.path;
                query = parsed.query;
            }
        }
        if (method != null && !METHOD.matcher(method).matches()) {
            throw new LineRejected(Reject.BAD_REQUEST, "method is not a word: " + snippet(method));
        }
        String requestTime = first(fields, "request_time");
        long requestTimeMs = requestTime == null ? AccessEvent.UNKNOWN_REQUEST_TIME : requestTimeMs(requestTime);
        return new AccessEvent(time, clientIp, method, path, query, status,
                freeText(first(fields, "http_referer", "referer")),
                plainField("host", first(fields, "host", "http_host", "server_name")),
                plainField("country", first(fields, "country", "country_code", "geoip_country_code")),
                requestTimeMs,
                plainField("server", first(fields, "server")),
                freeText(first(fields, "http_user_agent", "user_agent")));
    }

    private Instant jsonTime(String text) throws LineRejected {
        if (EPOCH_SECONDS.matcher(text).matches()) {
            int dot = text.indexOf('.');
            long seconds = Long.parseLong(dot < 0 ? text : text.substring(0, dot));
            String fraction = dot < 0 ? "" : text.substring(dot + 1);
            long nanos = fraction.isEmpty() ? 0 : Long.parseLong((fraction + "000000000").substring(0, 9));
            return Instant.ofEpochSecond(seconds, nanos);
        }
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeException notIsoWithOffset) {
            // fall through to the other spellings nginx can produce
        }
        try {
            return LocalDateTime.parse(text, DateTimeFormatter.ISO_LOCAL_DATE_TIME).atZone(localZone).toInstant();
        } catch (DateTimeException notIsoLocal) {
            // fall through
        }
        try {
            return combinedTime(text);
        } catch (LineRejected e) {
            throw new LineRejected(Reject.BAD_TIME,
                    "time is neither epoch seconds, ISO-8601 nor dd/MMM/yyyy:HH:mm:ss Z: " + snippet(text));
        }
    }

    /** First present, non-blank, non-"-" value among the alias keys. */
    private static String first(Map<String, String> fields, String... keys) {
        for (String key : keys) {
            String value = absentIfDash(fields.get(key));
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

    // ---- fields shared by the formats

    private static String clientIp(String text) throws LineRejected {
        String canonical = IpAddress.canonical(text);
        if (canonical == null) {
            throw new LineRejected(Reject.BAD_IP, "client address is not IPv4 or IPv6: " + snippet(text));
        }
        return canonical;
    }

    private static int status(String text) throws LineRejected {
        if (STATUS.matcher(text).matches()) {
            int status = Integer.parseInt(text);
            if (status >= 100 && status <= 599) {
                return status;
            }
        }
        throw new LineRejected(Reject.BAD_STATUS, "status is not 100..599: " + snippet(text));
    }

    /** nginx writes {@code $request_time} in seconds with millisecond resolution, or "-". */
    private static long requestTimeMs(String text) throws LineRejected {
        if (text.equals("-")) {
            return AccessEvent.UNKNOWN_REQUEST_TIME;
        }
        if (!SECONDS.matcher(text).matches()) {
            throw new LineRejected(Reject.BAD_REQUEST_TIME, "request time is not seconds: " + snippet(text));
        }
        return new BigDecimal(text).movePointRight(3).setScale(0, RoundingMode.HALF_UP).longValueExact();
    }

    /**
     * Referer and user agent are attacker-controlled; a decoded line break there is a log-injection
     * attempt, but the request itself is real and must still count (a scanner must not dodge the
     * burst rule by sending odd headers), so control characters are replaced instead of rejected.
     */
    private static String freeText(String value) {
        if (value == null || !hasControlChar(value)) {
            return value;
        }
        StringBuilder cleaned = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            cleaned.append(isControl(c) ? '\uFFFD' : c);
        }
        return cleaned.toString();
    }

    /**
     * Fields that become row keys or group-by keys must be plain text: no control character, and no half of a
     * surrogate pair (a JSON escape of U+D800 alone), which no UTF-8 row key can hold.
     */
    private static String plainField(String name, String value) throws LineRejected {
        if (value != null && hasControlChar(value)) {
            throw new LineRejected(Reject.BAD_FIELD, name + " holds a control character: " + snippet(value));
        }
        if (value != null && hasHalfSurrogatePair(value)) {
            throw new LineRejected(Reject.BAD_FIELD, name + " holds half a surrogate pair: " + snippet(value));
        }
        return value;
    }

    private static boolean hasHalfSurrogatePair(String value) {
        for (int i = 0; i < value.length(); i += Character.charCount(value.codePointAt(i))) {
            if (Character.getType(value.codePointAt(i)) == Character.SURROGATE) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasControlChar(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (isControl(value.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isControl(char c) {
        return c < 0x20 || c == 0x7f;
    }

    private static String absentIfDash(String value) {
        return value == null || value.isBlank() || value.equals("-") ? null : value;
    }

    private static String snippet(String text) {
        return text.length() <= 80 ? "'" + text + "'" : "'" + text.substring(0, 80) + "...'";
    }

    private static String stripLineEnd(String line) {
        int end = line.length();
        if (end > 0 && line.charAt(end - 1) == '\n') {
            end--;
        }
        if (end > 0 && line.charAt(end - 1) == '\r') {
            end--;
        }
        return line.substring(0, end);
    }

    private static int utf8Length(String line) {
        int bytes = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < line.length() && Character.isLowSurrogate(line.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    private static ParseResult tooLong(int bytes, String raw) {
        return ParseResult.rejected(Reject.TOO_LONG, "line is " + bytes + " bytes, limit " + MAX_LINE_BYTES, raw);
    }

    /** Decodes only what a reject keeps, so a huge binary line costs nothing to refuse. */
    private static String lossyPrefix(byte[] bytes) {
        return new String(bytes, 0, Math.min(bytes.length, Reject.MAX_RAW_CHARS + 1), StandardCharsets.UTF_8);
    }

    /** The parts of an HTTP request line a counter can use. */
    private static final class Request {
        final String method;
        final String path;
        final String query;

        private Request(String method, String path, String query) {
            this.method = method;
            this.path = path;
            this.query = query;
        }

        /** Parses {@code "GET /x?y HTTP/1.1"}; HTTP/0.9 requests have no protocol part. */
        static Request parse(String line) throws LineRejected {
            if (hasControlChar(line) || line.indexOf('\uFFFD') >= 0) {
                throw new LineRejected(Reject.BAD_REQUEST,
                        "request line holds binary bytes (TLS or a scanner on a plain-HTTP port?): " + snippet(line));
            }
            String[] parts = line.split(" ", -1);
            if (parts.length < 2 || parts.length > 3 || !METHOD.matcher(parts[0]).matches()
                    || (parts.length == 3 && !PROTOCOL.matcher(parts[2]).matches())) {
                throw new LineRejected(Reject.BAD_REQUEST, "request is not 'METHOD target HTTP/x': " + snippet(line));
            }
            Request target = target(parts[1]);
            return new Request(parts[0], target.path, target.query);
        }

        /** Splits a request target into path and query; absolute-form targets (proxies) keep only the path. */
        static Request target(String target) throws LineRejected {
            String origin = target;
            if (target.startsWith("http://") || target.startsWith("https://")) {
                int pathStart = target.indexOf('/', target.indexOf("//") + 2);
                origin = pathStart < 0 ? "/" : target.substring(pathStart);
            }
            if ((!origin.startsWith("/") && !origin.equals("*")) || hasControlChar(origin)) {
                throw new LineRejected(Reject.BAD_REQUEST, "request target is not a path: " + snippet(target));
            }
            int question = origin.indexOf('?');
            return question < 0
                    ? new Request(null, origin, null)
                    : new Request(null, origin.substring(0, question), origin.substring(question + 1));
        }
    }

    /** A space-separated field of a combined line; quoted and bracketed fields may hold spaces. */
    private record Token(String text, boolean quoted, boolean bracketed) {

        static List<Token> split(String line) throws LineRejected {
            List<Token> tokens = new ArrayList<>();
            int i = 0;
            int n = line.length();
            while (i < n) {
                char c = line.charAt(i);
                if (c == ' ') {
                    i++;
                    continue;
                }
                int end;
                if (c == '"') {
                    DecodedText text = new DecodedText();
                    end = readQuoted(line, i + 1, text);
                    tokens.add(new Token(text.build(), true, false));
                } else if (c == '[') {
                    int close = line.indexOf(']', i);
                    if (close < 0) {
                        throw new LineRejected(Reject.TRUNCATED, "'[' without ']' (truncated line?)");
                    }
                    tokens.add(new Token(line.substring(i + 1, close), false, true));
                    end = close + 1;
                } else {
                    int space = line.indexOf(' ', i);
                    end = space < 0 ? n : space;
                    String text = line.substring(i, end);
                    if (text.indexOf('"') >= 0) {
                        throw new LineRejected(Reject.BAD_QUOTES, "stray quote in field " + snippet(text));
                    }
                    tokens.add(new Token(text, false, false));
                }
                if (end < n && line.charAt(end) != ' ') {
                    throw new LineRejected(Reject.BAD_QUOTES,
                            "text right after a closing quote or bracket at offset " + end + " (injected quote?)");
                }
                if (tokens.size() > COMBINED_MAX_FIELDS) {
                    break; // the caller reports the count; no need to tokenise the rest
                }
                i = end;
            }
            return tokens;
        }

        /**
         * Reads a quoted field starting after its opening quote and returns the offset after the
         * closing one. Decodes nginx's {@code \xHH} and Apache's {@code \"} and {@code \\}.
         */
        private static int readQuoted(String line, int start, DecodedText text) throws LineRejected {
            int i = start;
            while (i < line.length()) {
                char c = line.charAt(i);
                if (c == '"') {
                    return i + 1;
                }
                if (c == '\\' && i + 1 < line.length()) {
                    char next = line.charAt(i + 1);
                    int b = next == 'x' ? DecodedText.hexByteAt(line, i + 2) : -1;
                    if (b >= 0) {
                        text.appendByte(b);
                        i += 4;
                        continue;
                    }
                    if (next == '"' || next == '\\') {
                        text.appendChar(next);
                        i += 2;
                        continue;
                    }
                }
                text.appendChar(c);
                i++;
            }
            throw new LineRejected(Reject.TRUNCATED, "quoted field never closes (truncated line?)");
        }
    }
}
