package io.logpulse.ingest;

import java.io.Serializable;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The byte ranges of lines already counted, per source file. Immutable. */
public final class AppliedLines implements Serializable {

    private static final long serialVersionUID = 1L;
    public static final AppliedLines NONE = new AppliedLines(new TreeMap<>());

    private final TreeMap<String, ByteRanges> bySource;

    private AppliedLines(TreeMap<String, ByteRanges> bySource) {
        this.bySource = bySource;
    }

    public static AppliedLines of(Map<String, ByteRanges> bySource) {
        TreeMap<String, ByteRanges> copy = new TreeMap<>(bySource);
        copy.values().removeIf(ByteRanges::isEmpty);
        return new AppliedLines(copy);
    }

    /** Whether the line was counted: its first byte lies in a counted range of its file. */
    public boolean covers(LineId id) {
        ByteRanges ranges = bySource.get(id.source());
        return ranges != null && ranges.covers(id.start());
    }

    public AppliedLines plus(LineId id) {
        TreeMap<String, ByteRanges> next = new TreeMap<>(bySource);
        next.merge(id.source(), ByteRanges.of(id.start(), id.end()), ByteRanges::plus);
        return new AppliedLines(next);
    }

    public AppliedLines plus(AppliedLines other) {
        TreeMap<String, ByteRanges> next = new TreeMap<>(bySource);
        other.bySource.forEach((source, ranges) -> next.merge(source, ranges, ByteRanges::plus));
        return new AppliedLines(next);
    }

    /** Only the given sources: a batch's plan carries the files the batch has lines of, not every file seen. */
    public AppliedLines restrictedTo(Set<String> sources) {
        TreeMap<String, ByteRanges> next = new TreeMap<>(bySource);
        next.keySet().retainAll(sources);
        return new AppliedLines(next);
    }

    public Map<String, ByteRanges> bySource() {
        return Collections.unmodifiableMap(bySource);
    }

    public boolean isEmpty() {
        return bySource.isEmpty();
    }

    /** One source a line: {@code <source> <ranges>}. */
    public String format() {
        StringBuilder text = new StringBuilder();
        bySource.forEach((source, ranges) -> text.append(source).append(' ').append(ranges.format()).append('\n'));
        return text.toString();
    }

    /** @throws IllegalArgumentException when the text is not what {@link #format} writes */
    public static AppliedLines parse(String text) {
        TreeMap<String, ByteRanges> bySource = new TreeMap<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            int space = line.indexOf(' ');
            if (space <= 0) {
                throw new IllegalArgumentException("not '<source> <ranges>': '" + line + "'");
            }
            bySource.put(line.substring(0, space), ByteRanges.parse(line.substring(space + 1)));
        }
        return of(bySource);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AppliedLines applied && applied.bySource.equals(bySource);
    }

    @Override
    public int hashCode() {
        return bySource.hashCode();
    }

    @Override
    public String toString() {
        return "AppliedLines" + bySource;
    }
}
