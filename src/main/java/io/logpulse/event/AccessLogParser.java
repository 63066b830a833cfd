package io.logpulse.event;

import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;

/**
 * Turns one raw log line into an {@link AccessEvent} or a {@link Reject}; never throws.
 *
 * <p>With no declared format the format is recognised per line, because one Kafka topic may carry several
 * producers: a JSON object ({@link JsonLineFormat}), the seed-002 tab-separated log ({@link TabSeparatedFormat}),
 * {@code combined} with any extras ({@link CombinedLogFormat}), or the Common Log Format
 * ({@link CommonLogFormat}). A declared format ({@code logpulse.log.format}) reads every line with that one.
 */
public final class AccessLogParser implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Longer lines are refused before any work, so one hostile client cannot slow a batch down. */
    public static final int MAX_LINE_BYTES = 8 * 1024;

    /** The names {@code logpulse.log.format} and {@code parse --format} take besides a format string. */
    public static final List<String> FORMAT_NAMES = List.of("auto", "combined", "common", "json", "tsv");

    private final List<LogFormat> formats;
    private final ClientIpSource clients;

    /** Auto-detects the format and reads zone-less timestamps (the seed-002 format) as UTC. */
    public AccessLogParser() {
        this(ZoneOffset.UTC);
    }

    /** @param localZone zone of timestamps that carry no offset, such as the seed-002 {@code yyyy-MM-dd HH:mm:ss} */
    public AccessLogParser(ZoneId localZone) {
        this(localZone, "", ClientIpSource.REMOTE_ADDR);
    }

    /**
     * @param format  empty or {@code auto} to recognise each line's format; a name from {@link #FORMAT_NAMES};
     *                or an nginx {@code log_format} / Apache {@code LogFormat} string
     * @param clients which logged address is the client
     * @throws IllegalArgumentException when {@code format} is no usable format, saying why
     */
    public AccessLogParser(ZoneId localZone, String format, ClientIpSource clients) {
        this.formats = formatsFor(Objects.requireNonNull(localZone, "localZone"), format == null ? "" : format.strip());
        this.clients = Objects.requireNonNull(clients, "clients");
    }

    private static List<LogFormat> formatsFor(ZoneId localZone, String format) {
        return switch (format) {
            case "", "auto" -> List.of(new JsonLineFormat(localZone), new TabSeparatedFormat(localZone),
                    new CombinedLogFormat(), new CommonLogFormat());
            case "combined" -> List.of(new CombinedLogFormat());
            case "common" -> List.of(new CommonLogFormat());
            case "json" -> List.of(new JsonLineFormat(localZone));
            case "tsv" -> List.of(new TabSeparatedFormat(localZone));
            // An escape=json log_format is a JSON template; its keys are looked up by name anyway.
            default -> format.startsWith("{") ? List.of(new JsonLineFormat(localZone))
                    : List.of(DeclaredFormat.compile(format, false));
        };
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

    /**
     * The first format that accepts the line reads it. Combined and common look alike at the start, so when
     * a format refuses the line the next accepting one tries; the first refusal is the one reported.
     */
    private AccessEvent parseChecked(String line) throws LineRejected {
        checkLine(line);
        LineRejected firstRefusal = null;
        for (LogFormat format : formats) {
            if (!format.accepts(line)) {
                continue;
            }
            try {
                return format.read(line).toEvent(clients);
            } catch (LineRejected refusal) {
                firstRefusal = firstRefusal == null ? refusal : firstRefusal;
            }
        }
        if (firstRefusal != null) {
            throw firstRefusal;
        }
        throw new LineRejected(Reject.UNKNOWN_FORMAT, "neither JSON, tab-separated, combined nor common log format");
    }

    private static void checkLine(String line) throws LineRejected {
        // Length first: it is the only check that does not scan the whole, possibly huge, line.
        if (line.length() > MAX_LINE_BYTES) {
            throw new LineRejected(Reject.TOO_LONG, "line is " + line.length() + " chars, limit " + MAX_LINE_BYTES + " bytes");
        }
        // The usual line is printable ASCII: one scan proves it, and then it has as many bytes as characters. The
        // scan tests one range per char (0x20..0x7e, as an unsigned difference) and nothing else: it runs over
        // every char of every line. A printable line is blank when it is all spaces, which only one starting with
        // one can be.
        int n = line.length();
        int printable = 0;
        while (printable < n && (char) (line.charAt(printable) - 0x20) < 0x5f) {
            printable++;
        }
        if (printable == n) {
            if (n == 0 || (line.charAt(0) == ' ' && line.isBlank())) {
                throw new LineRejected(Reject.EMPTY, "blank line");
            }
            return;
        }
        int bytes = utf8Length(line);
        if (bytes > MAX_LINE_BYTES) {
            throw new LineRejected(Reject.TOO_LONG, "line is " + bytes + " bytes, limit " + MAX_LINE_BYTES);
        }
        if (line.isBlank()) {
            throw new LineRejected(Reject.EMPTY, "blank line");
        }
        // The chars before the first unprintable one were just proved plain.
        for (int i = printable; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\n' || c == '\r') {
                throw new LineRejected(Reject.EMBEDDED_NEWLINE, "line break at offset " + i + " (two records glued together?)");
            }
            if (FieldValues.isControl(c) && c != '\t') {
                throw new LineRejected(Reject.CONTROL_CHARS, String.format("control character U+%04X at offset %d", (int) c, i));
            }
        }
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
}
