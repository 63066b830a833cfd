package io.logpulse.rules;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * "One alert per episode" for one rule. A sliding window re-reports a busy key on every slide;
 * this remembers which keys are already above the threshold so each crossing alerts once. An
 * episode ends when the key's count drops to the threshold or below, or the key vanishes from the
 * counts; crossing again starts a new episode and alerts again.
 *
 * <p>Immutable and pure: {@link #evaluate} returns the next state instead of changing this one, so
 * the streaming job can keep it as state and replay it safely.
 */
public final class AlertEpisodes implements Serializable {

    private static final long serialVersionUID = 1L;

    private static final AlertEpisodes NONE = new AlertEpisodes(new TreeMap<>());

    /** Key above the threshold -> window end at which its episode started. */
    private final TreeMap<String, Long> firstSeenByKey;

    private AlertEpisodes(TreeMap<String, Long> firstSeenByKey) {
        this.firstSeenByKey = firstSeenByKey;
    }

    public static AlertEpisodes none() {
        return NONE;
    }

    /** Keys currently in an episode. */
    public Set<String> keysAbove() {
        return Collections.unmodifiableSet(firstSeenByKey.keySet());
    }

    /** Window end at which the key's current episode started, or null when the key is not above. */
    public Long firstSeen(String key) {
        return firstSeenByKey.get(key);
    }

    /**
     * @param windowCounts     count per key for the window ending at {@code windowEndEpochMs}; passing
     *                         only keys above the threshold is enough, a missing key counts as zero
     * @return alerts for keys that crossed now (sorted by key), the episodes that ended, and the next state
     */
    public Evaluation evaluate(AlertRule rule, Map<String, Long> windowCounts, long windowEndEpochMs) {
        TreeMap<String, Long> next = new TreeMap<>();
        List<Alert> raised = new ArrayList<>();
        for (Map.Entry<String, Long> entry : new TreeMap<>(windowCounts).entrySet()) {
            String key = entry.getKey();
            long count = entry.getValue();
            if (!rule.fires(count)) {
                continue;
            }
            Long firstSeen = firstSeenByKey.get(key);
            if (firstSeen == null) {
                firstSeen = windowEndEpochMs;
                raised.add(new Alert(rule.name(), key, count, rule.threshold(), rule.window().toSeconds(),
                        windowEndEpochMs - rule.window().toMillis(), windowEndEpochMs, firstSeen));
            }
            next.put(key, firstSeen);
        }
        Set<String> ended = new TreeSet<>(firstSeenByKey.keySet());
        ended.removeAll(next.keySet());
        return new Evaluation(List.copyOf(raised), Collections.unmodifiableSet(ended),
                next.isEmpty() ? NONE : new AlertEpisodes(next));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AlertEpisodes episodes && episodes.firstSeenByKey.equals(firstSeenByKey);
    }

    @Override
    public int hashCode() {
        return firstSeenByKey.hashCode();
    }

    @Override
    public String toString() {
        return "AlertEpisodes" + firstSeenByKey;
    }

    /**
     * @param raised alerts to publish now, one per key that crossed the threshold in this window
     * @param ended  keys whose episode ended in this window
     * @param next   the state to pass to the next evaluation
     */
    public record Evaluation(List<Alert> raised, Set<String> ended, AlertEpisodes next) implements Serializable {
    }
}
