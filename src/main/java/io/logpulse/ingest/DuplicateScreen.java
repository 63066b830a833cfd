package io.logpulse.ingest;

/**
 * Tells, line by line in the order of one Kafka partition of a batch, whether a line was counted already: by an
 * earlier batch or an earlier partition of this batch (the plan's ranges), or earlier in this partition (a Flume
 * re-send can land in the same partition). The first copy is counted, every later one is a duplicate; since the
 * partition's order and the plan are fixed, a replayed batch decides the same.
 */
public final class DuplicateScreen {

    private final AppliedLines before;
    private AppliedLines seen = AppliedLines.NONE;

    public DuplicateScreen(AppliedLines before) {
        this.before = before;
    }

    /** @param id the line's id; null (a line without one) is never a duplicate */
    public boolean isDuplicate(LineId id) {
        if (id == null) {
            return false;
        }
        if (before.covers(id) || seen.covers(id)) {
            return true;
        }
        seen = seen.plus(id);
        return false;
    }
}
