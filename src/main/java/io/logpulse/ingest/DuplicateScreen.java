package io.logpulse.ingest;

import java.util.HashMap;
import java.util.Map;

/**
 * Tells, line by line in the order of one Kafka partition of a batch, whether a line was counted already: by an
 * earlier batch or an earlier partition of this batch (the plan's ranges), or earlier in this partition (a Flume
 * re-send can land in the same partition). The first copy is counted, every later one is a duplicate; since the
 * partition's order and the plan are fixed, a replayed batch decides the same.
 */
public final class DuplicateScreen {

    private final AppliedLines before;
    /** Mutable and per partition: a copy of the whole map per line would cost more than the line's triage. */
    private final Map<String, ByteRanges> seen = new HashMap<>();

    public DuplicateScreen(AppliedLines before) {
        this.before = before;
    }

    /** @param id the line's id; null (a line without one) is never a duplicate */
    public boolean isDuplicate(LineId id) {
        if (id == null) {
            return false;
        }
        ByteRanges ranges = seen.getOrDefault(id.source(), ByteRanges.NONE);
        if (before.covers(id) || ranges.covers(id.start())) {
            return true;
        }
        seen.put(id.source(), ranges.plus(id.start(), id.end()));
        return false;
    }
}
