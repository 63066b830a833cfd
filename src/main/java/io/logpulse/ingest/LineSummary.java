package io.logpulse.ingest;

import java.io.Serializable;

/**
 * What the planning of a batch needs from one of its partitions: the byte ranges of its lines per source, and the
 * latest request time among its counted lines.
 *
 * @param lines      ranges of every line with an id, counted or rejected
 * @param maxEventMs latest request time of a counted line, epoch ms; {@link Long#MIN_VALUE} when none
 */
public record LineSummary(AppliedLines lines, long maxEventMs) implements Serializable {

    public static final LineSummary NONE = new LineSummary(AppliedLines.NONE, Long.MIN_VALUE);

    public LineSummary plus(LineId id, long eventMs) {
        return new LineSummary(id == null ? lines : lines.plus(id), Math.max(maxEventMs, eventMs));
    }
}
