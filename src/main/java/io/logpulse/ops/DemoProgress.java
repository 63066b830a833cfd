package io.logpulse.ops;

import java.util.concurrent.TimeUnit;

/**
 * Decides, sample by sample, whether the demo is done: every line of its inputs counted, the pipeline caught up after
 * the generator ended, the duration over, or nothing moving any more. Pure: the caller gives the time.
 */
final class DemoProgress {

    /** What the demo does after a sample. */
    enum Verdict {
        /** Go on watching. */
        RUNNING,
        /** Every expected line arrived and the job committed it. */
        DRAINED,
        /** The generator ended, nothing arrives and the job's lag is 0. */
        CAUGHT_UP,
        /** The generator ended 5 minutes ago and the job has not caught up. */
        NOT_CAUGHT_UP,
        /** The duration of a demo on given inputs is over. */
        DURATION_OVER,
        /** Neither the lines arrived nor the lag changed for 5 minutes. */
        STALLED
    }

    static final long STALL_MS = TimeUnit.MINUTES.toMillis(5);
    static final long CATCH_UP_MS = TimeUnit.MINUTES.toMillis(5);

    private final long expected;
    private final long deadlineMs;
    private long catchUpDeadlineMs;
    private long movedMs;
    private long lastArrived = -1;
    private long lastLag = -1;

    /**
     * @param expected   lines to see counted before {@link Verdict#DRAINED}; 0: no such end
     * @param startMs    when the watching started
     * @param deadlineMs when the duration is over; 0: no duration
     */
    DemoProgress(long expected, long startMs, long deadlineMs) {
        this.expected = expected;
        this.deadlineMs = deadlineMs;
        this.movedMs = startMs;
    }

    /** The generator exited: from now on the demo ends once the pipeline has caught up. */
    void generatorFinished(long nowMs) {
        catchUpDeadlineMs = nowMs + CATCH_UP_MS;
    }

    Verdict observe(PipelineSample sample, long nowMs) {
        // Lines arrived and lag, not rates: the rate shown beside them decays even when nothing moves.
        if (sample.arrived() != lastArrived || sample.lag() != lastLag) {
            lastArrived = sample.arrived();
            lastLag = sample.lag();
            movedMs = nowMs;
        }
        if (expected > 0 && sample.arrived() >= expected && sample.lag() == 0) {
            return Verdict.DRAINED;
        }
        if (catchUpDeadlineMs > 0) {
            if (sample.inputRate() == 0 && sample.lag() == 0) {
                return Verdict.CAUGHT_UP;
            }
            if (nowMs >= catchUpDeadlineMs) {
                return Verdict.NOT_CAUGHT_UP;
            }
        }
        if (deadlineMs > 0 && nowMs >= deadlineMs) {
            return Verdict.DURATION_OVER;
        }
        return nowMs - movedMs >= STALL_MS ? Verdict.STALLED : Verdict.RUNNING;
    }
}
