package io.logpulse.rules;

import io.logpulse.clean.CleanEvent;
import java.io.Serializable;
import java.time.Duration;
import java.util.Optional;

/**
 * A sliding-window count rule: events are counted per key over {@link #window()}, re-evaluated
 * every {@link #slide()}, and a key alerts when its count is strictly greater than {@link #threshold()}.
 */
public interface AlertRule extends Serializable {

    /** Short snake_case name used in alert JSON, row keys and config keys, e.g. {@code client_burst}. */
    String name();

    /**
     * Never throws: it runs per event inside the job's per-batch count, where an exception fails the batch.
     *
     * @return the key this event counts towards, or empty when the event does not count for this rule (or is null)
     */
    Optional<String> keyOf(CleanEvent event);

    long threshold();

    Duration window();

    Duration slide();

    /** "More than N" in the requirements: a count equal to the threshold does not fire. */
    default boolean fires(long count) {
        return count > threshold();
    }
}
