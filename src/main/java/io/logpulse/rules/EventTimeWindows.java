package io.logpulse.rules;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One rule's counts for one key on the request's own time, and its alert episodes.
 *
 * <p>Windows are {@code [end - window, end)} for every {@code end} that is a multiple of the rule's slide (from
 * the epoch), so any two runs over the same lines agree on them. Lines are kept as counts per slide-sized bucket of
 * request time. A <em>watermark</em>, given by the caller, says up to which request time the lines are believed
 * complete: a window is <em>final</em> once the watermark is at or past its end, and is never evaluated again.
 *
 * <p>An episode is a run of consecutive windows above the threshold; it raises one alert, for its first window.
 * Windows are evaluated before they are final, so a burst alerts in the batch that delivers it: counts only grow,
 * so a window above the threshold stays above. A run whose first window is preceded by one not above the threshold
 * with the counts known now alerts at once; if later lines make the earlier window fire too, the run is the same
 * episode and does not alert again. With lines that arrive in request-time order the alerts are those of an
 * offline recount, however the lines are batched; a line arriving out of order can only make an episode start
 * earlier than the window already alerted.
 *
 * <p>Only buckets of windows not yet final are held, so the state covers the window plus the watermark's lag behind
 * the newest line. A key without new lines need not be evaluated at every watermark: {@link #evaluateIdle} leaves
 * its state as it is until the watermark would drop it, and {@link #caughtUp} brings such a state up to date before
 * lines are added to it. Immutable: {@link #add} and {@link #evaluate} return new states, so the job can keep this as
 * Spark state and recompute it safely.
 */
public final class EventTimeWindows implements Serializable {

    private static final long serialVersionUID = 1L;

    /** {@link #finalEnd} before any window is final. */
    private static final long NOTHING_FINAL = Long.MIN_VALUE;

    /** End of the newest final window, or {@link #NOTHING_FINAL}. */
    private final long finalEnd;
    /** Whether the window ending at {@link #finalEnd} was above the threshold: a run going on after it continues. */
    private final boolean finalFired;
    /** Bucket start -> lines in {@code [start, start + slide)}; only buckets of windows not yet final. */
    private final TreeMap<Long, Long> buckets;
    /** Ends of the windows not yet final that were above the threshold; their episodes have alerted. */
    private final TreeSet<Long> firing;

    private EventTimeWindows(long finalEnd, boolean finalFired, TreeMap<Long, Long> buckets, TreeSet<Long> firing) {
        this.finalEnd = finalEnd;
        this.finalFired = finalFired;
        this.buckets = buckets;
        this.firing = firing;
    }

    /**
     * The state of a key without lines, when alerting has gone up to the watermark: what a key gets on its first
     * lines, so that a key met for the first time is treated as one that had been held all along.
     *
     * @param watermarkMs the watermark of the last evaluation, {@link Long#MIN_VALUE} when there was none
     */
    public static EventTimeWindows none(AlertRule rule, long watermarkMs) {
        return new EventTimeWindows(finalEndAt(rule, watermarkMs), false, new TreeMap<>(), new TreeSet<>());
    }

    /** Start of the slide-sized bucket that holds a request at this time. */
    public static long bucketOf(AlertRule rule, long eventTimeMs) {
        long slide = rule.slide().toMillis();
        return Math.floorDiv(eventTimeMs, slide) * slide;
    }

    /**
     * Adds lines. A bucket whose windows are all final already is ignored: the alerting has decided on them.
     *
     * @param linesByBucket bucket start (see {@link #bucketOf}) -> number of lines, each at least 1
     * @throws IllegalArgumentException for a bucket start that is not a multiple of the slide, or a count below 1
     */
    public EventTimeWindows add(AlertRule rule, Map<Long, Long> linesByBucket) {
        TreeMap<Long, Long> next = new TreeMap<>(buckets);
        for (Map.Entry<Long, Long> bucket : linesByBucket.entrySet()) {
            long start = bucket.getKey();
            long lines = bucket.getValue();
            if (bucketOf(rule, start) != start || lines < 1) {
                throw new IllegalArgumentException(rule.name() + ": bucket " + start + " with " + lines
                        + " lines; expected a multiple of the slide " + rule.slide().toMillis() + " and at least 1");
            }
            if (held(rule, start, finalEnd)) {
                next.merge(start, lines, Long::sum);
            }
        }
        return new EventTimeWindows(finalEnd, finalFired, next, firing);
    }

    /**
     * Evaluates every window not final before this watermark, raises the alerts of episodes that start, and
     * drops the buckets that only final windows hold.
     *
     * @param key         the key this state counts, for the alerts
     * @param watermarkMs request time up to which lines are believed complete; one lower than an earlier one is
     *                    taken as the earlier one, since a final window stays final
     * @return the alerts raised, in window order, and the next state; none when the key holds nothing any more
     */
    public Evaluation evaluate(AlertRule rule, String key, long watermarkMs) {
        long slide = rule.slide().toMillis();
        long window = rule.window().toMillis();
        long nextFinalEnd = Math.max(finalEnd, finalEndAt(rule, watermarkMs));
        boolean nextFinalFired = nextFinalEnd == finalEnd && finalFired;
        TreeSet<Long> nextFiring = new TreeSet<>();
        List<Alert> raised = new ArrayList<>();
        if (!buckets.isEmpty()) {
            long first = Math.max(finalEnd + slide, buckets.firstKey() + slide);
            long last = buckets.lastKey() + window;
            // Before the first window evaluated lies the newest final one, or a window holding no line at all.
            boolean inRun = first == finalEnd + slide && finalFired;
            boolean alerted = inRun;
            long runEnd = 0;
            long runCount = 0;
            for (long end = first; end <= last; end += slide) {
                long count = countOf(end - window, end);
                boolean fires = rule.fires(count);
                if (fires && !inRun) {
                    inRun = true;
                    alerted = false;
                    runEnd = end;
                    runCount = count;
                } else if (!fires && inRun) {
                    inRun = false;
                    if (!alerted) {
                        raised.add(alert(rule, key, runCount, runEnd));
                    }
                }
                if (fires) {
                    alerted |= firing.contains(end);
                    if (end > nextFinalEnd) {
                        nextFiring.add(end);
                    }
                }
                if (end == nextFinalEnd) {
                    nextFinalFired = fires;
                }
            }
            if (inRun && !alerted) {
                raised.add(alert(rule, key, runCount, runEnd));
            }
        }
        TreeMap<Long, Long> nextBuckets = new TreeMap<>();
        buckets.forEach((start, lines) -> {
            if (held(rule, start, nextFinalEnd)) {
                nextBuckets.put(start, lines);
            }
        });
        EventTimeWindows next = nextBuckets.isEmpty() && !nextFinalFired ? null
                : new EventTimeWindows(nextFinalEnd, nextFinalFired, nextBuckets, nextFiring);
        return new Evaluation(List.copyOf(raised), next);
    }

    /**
     * {@link #evaluate} for a state that an evaluation made and that got no lines since, which raises nothing: it
     * only moves the final windows on and drops buckets. Until the watermark would drop the whole key, that can
     * wait, so a key without lines costs nothing per batch; {@link #caughtUp} does the waiting work when lines
     * come. Evaluations of the same lines at rising watermarks end where one evaluation at the last one does, which
     * is what makes the wait safe.
     */
    public Evaluation evaluateIdle(AlertRule rule, String key, long watermarkMs) {
        long droppedAt = buckets.isEmpty() ? finalEnd + rule.slide().toMillis()
                : buckets.lastKey() + rule.window().toMillis();
        if (finalEndAt(rule, watermarkMs) < droppedAt) {
            return new Evaluation(List.of(), this);
        }
        return evaluate(rule, key, watermarkMs);
    }

    /**
     * This state as evaluations up to {@code watermarkMs} would have left it, for a state {@link #evaluateIdle}
     * left as it was: what lines are added to, so that a bucket whose windows are final by now is ignored.
     *
     * @param watermarkMs the watermark of the last evaluation of the key's rule
     */
    public EventTimeWindows caughtUp(AlertRule rule, String key, long watermarkMs) {
        if (finalEndAt(rule, watermarkMs) <= finalEnd) {
            return this;
        }
        Evaluation evaluation = evaluate(rule, key, watermarkMs);
        if (!evaluation.raised().isEmpty()) {
            throw new IllegalStateException(rule.name() + " " + key + ": a state without new lines raised "
                    + evaluation.raised() + "; it was not made by an evaluation");
        }
        return evaluation.next().orElseGet(() -> none(rule, watermarkMs));
    }

    /** The buckets held: bucket start -> lines. */
    public SortedMap<Long, Long> buckets() {
        return Collections.unmodifiableSortedMap(buckets);
    }

    private long countOf(long from, long to) {
        long count = 0;
        for (long lines : buckets.subMap(from, to).values()) {
            count += lines;
        }
        return count;
    }

    private static Alert alert(AlertRule rule, String key, long count, long end) {
        long window = rule.window().toMillis();
        return new Alert(rule.name(), key, count, rule.threshold(), rule.window().toSeconds(), end - window, end,
                end);
    }

    /** Whether a bucket belongs to a window after {@code finalEnd}: the newest window holding it ends window later. */
    private static boolean held(AlertRule rule, long bucketStart, long finalEnd) {
        return finalEnd == NOTHING_FINAL || bucketStart + rule.window().toMillis() > finalEnd;
    }

    /** The end of the newest window the watermark has passed; the guard keeps the rounding from overflowing. */
    private static long finalEndAt(AlertRule rule, long watermarkMs) {
        long slide = rule.slide().toMillis();
        return watermarkMs < NOTHING_FINAL + slide ? NOTHING_FINAL : bucketOf(rule, watermarkMs);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof EventTimeWindows state && state.finalEnd == finalEnd
                && state.finalFired == finalFired && state.buckets.equals(buckets) && state.firing.equals(firing);
    }

    @Override
    public int hashCode() {
        return Objects.hash(finalEnd, finalFired, buckets, firing);
    }

    @Override
    public String toString() {
        return "EventTimeWindows(final up to " + finalEnd + (finalFired ? ", firing" : "") + ", buckets " + buckets
                + ", firing " + firing + ")";
    }

    /** What one evaluation raised, and the state to keep. */
    public static final class Evaluation implements Serializable {

        private static final long serialVersionUID = 1L;

        private final List<Alert> raised;
        /** Null when the key holds nothing any more: Optional is not serializable, and Spark stores this. */
        private final EventTimeWindows next;

        private Evaluation(List<Alert> raised, EventTimeWindows next) {
            this.raised = raised;
            this.next = next;
        }

        /** Alerts to publish now, one per episode that started, in window order. */
        public List<Alert> raised() {
            return raised;
        }

        /** The state to evaluate next; empty when the key has no line in a window not yet final. */
        public Optional<EventTimeWindows> next() {
            return Optional.ofNullable(next);
        }

        @Override
        public String toString() {
            return "Evaluation(raised " + raised + ", next " + next + ")";
        }
    }
}
