package io.logpulse.rules;

import io.logpulse.clean.CleanEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Rules over batches of events as the job's alert stage runs them, without Spark: every (rule, key) held or in the
 * batch is evaluated at the batch's watermark, the newest request time seen minus the lateness. Made by
 * {@link #waitingOnIdleKeys}, it evaluates a key without lines as the job does ({@link
 * EventTimeWindows#evaluateIdle}), so a test can hold the two ways against each other.
 */
public final class InMemoryAlerting {

    private final List<AlertRule> rules;
    private final long latenessMs;
    private final boolean idleKeysWait;
    /** rule name -> key -> state */
    private final Map<String, Map<String, EventTimeWindows>> states = new TreeMap<>();
    private long newest = Long.MIN_VALUE;
    private long watermark = Long.MIN_VALUE;

    public InMemoryAlerting(List<AlertRule> rules, long latenessMs) {
        this(rules, latenessMs, false);
    }

    private InMemoryAlerting(List<AlertRule> rules, long latenessMs, boolean idleKeysWait) {
        this.rules = List.copyOf(rules);
        this.latenessMs = latenessMs;
        this.idleKeysWait = idleKeysWait;
    }

    public static InMemoryAlerting waitingOnIdleKeys(List<AlertRule> rules, long latenessMs) {
        return new InMemoryAlerting(rules, latenessMs, true);
    }

    /** @return the alerts the batch raised, by rule, then key, then window */
    public List<Alert> batch(List<CleanEvent> events) {
        long previous = watermark;
        Map<String, Map<String, Map<Long, Long>>> batch = new TreeMap<>();
        for (CleanEvent event : events) {
            long time = event.event().time().toEpochMilli();
            newest = Math.max(newest, time);
            for (AlertRule rule : rules) {
                rule.keyOf(event).ifPresent(key -> batch.computeIfAbsent(rule.name(), r -> new TreeMap<>())
                        .computeIfAbsent(key, k -> new TreeMap<>())
                        .merge(EventTimeWindows.bucketOf(rule, time), 1L, Long::sum));
            }
        }
        watermark = newest == Long.MIN_VALUE ? Long.MIN_VALUE : newest - latenessMs;
        List<Alert> raised = new ArrayList<>();
        for (AlertRule rule : rules) {
            Map<String, EventTimeWindows> held = states.computeIfAbsent(rule.name(), r -> new TreeMap<>());
            Map<String, Map<Long, Long>> lines = batch.getOrDefault(rule.name(), Map.of());
            TreeMap<String, EventTimeWindows> keys = new TreeMap<>(held);
            lines.keySet().forEach(key -> keys.putIfAbsent(key, EventTimeWindows.none(rule, previous)));
            keys.forEach((key, state) -> {
                Map<Long, Long> keyLines = lines.get(key);
                EventTimeWindows.Evaluation evaluation = !idleKeysWait
                        ? state.add(rule, keyLines == null ? Map.of() : keyLines).evaluate(rule, key, watermark)
                        : keyLines == null ? state.evaluateIdle(rule, key, watermark)
                        : state.caughtUp(rule, key, previous).add(rule, keyLines).evaluate(rule, key, watermark);
                raised.addAll(evaluation.raised());
                evaluation.next().ifPresentOrElse(next -> held.put(key, next), () -> held.remove(key));
            });
        }
        return raised;
    }

    /** The state held for the rule's key, or null when it holds nothing. */
    public EventTimeWindows state(AlertRule rule, String key) {
        return states.getOrDefault(rule.name(), Map.of()).get(key);
    }

    /** The state of the rule's key as of the last watermark, a key without one as a key met for the first time. */
    public EventTimeWindows caughtUpState(AlertRule rule, String key) {
        EventTimeWindows held = state(rule, key);
        return held == null ? EventTimeWindows.none(rule, watermark) : held.caughtUp(rule, key, watermark);
    }

    /** The keys held for the rule. */
    public Set<String> keys(AlertRule rule) {
        return Set.copyOf(states.getOrDefault(rule.name(), Map.of()).keySet());
    }
}
