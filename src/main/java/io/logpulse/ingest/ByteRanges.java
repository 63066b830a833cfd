package io.logpulse.ingest;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The byte ranges of one file whose lines were counted: sorted, disjoint, and merged where they touch, so a file
 * read in order is one range however long it grows. Immutable.
 *
 * <p>Bounded: beyond {@link #MAX_RANGES} separate ranges (lines arriving far out of order), the lowest ranges are
 * forgotten. A line re-sent from a forgotten range would be counted again; Flume re-sends only its last seconds,
 * which lie in the highest ranges. Within one batch, a file's lines are split over the topic's partitions in runs
 * of one producer batch each (~50 lines at 5,000 lines/s with {@code linger.ms=10}), so a partition can hold
 * hundreds of ranges of a file: the bound leaves room for that, and the counted ranges, merged once the batch is
 * done, are one range again.
 */
public final class ByteRanges implements Serializable {

    private static final long serialVersionUID = 1L;
    public static final int MAX_RANGES = 4096;
    public static final ByteRanges NONE = new ByteRanges(new long[0]);

    /** start0, end0, start1, end1, ... ascending, no two touching. */
    private final long[] bounds;

    private ByteRanges(long[] bounds) {
        this.bounds = bounds;
    }

    public static ByteRanges of(long start, long end) {
        return NONE.plus(start, end);
    }

    /** Whether the byte at this offset lies in a range. */
    public boolean covers(long offset) {
        int lo = 0;
        int hi = bounds.length / 2 - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (offset < bounds[2 * mid]) {
                hi = mid - 1;
            } else if (offset >= bounds[2 * mid + 1]) {
                lo = mid + 1;
            } else {
                return true;
            }
        }
        return false;
    }

    public ByteRanges plus(long start, long end) {
        if (start < 0 || end <= start) {
            throw new IllegalArgumentException("bad range " + start + "-" + end);
        }
        int n = bounds.length;
        // The usual case, a file read in order: the next line touches the last range and extends it.
        if (n > 0 && start == bounds[n - 1]) {
            long[] next = bounds.clone();
            next[n - 1] = end;
            return new ByteRanges(next);
        }
        List<long[]> merged = new ArrayList<>();
        boolean placed = false;
        for (int i = 0; i < bounds.length; i += 2) {
            long s = bounds[i];
            long e = bounds[i + 1];
            if (e < start || s > end) {
                if (!placed && s > end) {
                    merged.add(new long[] {start, end});
                    placed = true;
                }
                merged.add(new long[] {s, e});
            } else {
                start = Math.min(start, s);
                end = Math.max(end, e);
            }
        }
        if (!placed) {
            merged.add(new long[] {start, end});
        }
        int from = Math.max(0, merged.size() - MAX_RANGES);
        long[] next = new long[2 * (merged.size() - from)];
        for (int i = from; i < merged.size(); i++) {
            next[2 * (i - from)] = merged.get(i)[0];
            next[2 * (i - from) + 1] = merged.get(i)[1];
        }
        return new ByteRanges(next);
    }

    public ByteRanges plus(ByteRanges other) {
        ByteRanges sum = this;
        for (int i = 0; i < other.bounds.length; i += 2) {
            sum = sum.plus(other.bounds[i], other.bounds[i + 1]);
        }
        return sum;
    }

    public boolean isEmpty() {
        return bounds.length == 0;
    }

    /** Whether some byte lies in a range of both: one merge-like walk over the two sorted lists. */
    public boolean intersects(ByteRanges other) {
        int i = 0;
        int j = 0;
        while (i < bounds.length && j < other.bounds.length) {
            if (bounds[i + 1] <= other.bounds[j]) {
                i += 2;
            } else if (other.bounds[j + 1] <= bounds[i]) {
                j += 2;
            } else {
                return true;
            }
        }
        return false;
    }

    public int size() {
        return bounds.length / 2;
    }

    /** {@code start-end,start-end}; "" when empty. */
    public String format() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < bounds.length; i += 2) {
            text.append(i == 0 ? "" : ",").append(bounds[i]).append('-').append(bounds[i + 1]);
        }
        return text.toString();
    }

    /** @throws IllegalArgumentException when the text is not what {@link #format} writes */
    public static ByteRanges parse(String text) {
        ByteRanges ranges = NONE;
        if (text.isEmpty()) {
            return ranges;
        }
        for (String range : text.split(",")) {
            int dash = range.indexOf('-');
            if (dash <= 0) {
                throw new IllegalArgumentException("not a byte range: '" + range + "'");
            }
            ranges = ranges.plus(Long.parseLong(range.substring(0, dash)), Long.parseLong(range.substring(dash + 1)));
        }
        return ranges;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ByteRanges ranges && Arrays.equals(ranges.bounds, bounds);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bounds);
    }

    @Override
    public String toString() {
        return "[" + format() + "]";
    }
}
