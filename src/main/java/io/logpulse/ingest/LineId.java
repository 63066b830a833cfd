package io.logpulse.ingest;

import java.io.Serializable;
import java.util.Objects;

/**
 * Where one line lies in the file a server wrote: the file's identity and the line's byte range in it. The same
 * line re-sent by a Flume agent after a crash has the same id, so the job can count it once.
 *
 * @param source the file: {@code <agent host>:<inode>}, the same after a rename (rotation)
 * @param start  offset of the line's first byte
 * @param end    offset after its newline; greater than start
 */
public record LineId(String source, long start, long end) implements Serializable {

    public LineId {
        Objects.requireNonNull(source, "source");
        // No white space: the ledger stores sources as the first word of a line.
        if (!source.matches("\\S+") || start < 0 || end <= start) {
            throw new IllegalArgumentException("bad line id " + source + " " + start + "-" + end);
        }
    }

    /**
     * @param source the {@code logpulse.source} header
     * @param range  the {@code logpulse.line} header, {@code <start>-<end>}
     * @return the id, or null when either header is absent or malformed: such a line is counted, not deduplicated
     */
    public static LineId fromHeaders(String source, String range) {
        if (source == null || source.isEmpty() || range == null || !source.matches("\\S+")) {
            return null;
        }
        int dash = range.indexOf('-');
        try {
            long start = Long.parseLong(range.substring(0, Math.max(0, dash)));
            long end = Long.parseLong(range.substring(dash + 1));
            return start >= 0 && end > start ? new LineId(source, start, end) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
