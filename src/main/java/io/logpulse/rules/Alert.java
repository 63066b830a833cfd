package io.logpulse.rules;

import io.logpulse.counters.RowKeyPart;
import io.logpulse.event.JsonString;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * One raised alert: a key whose windowed count went above its rule's threshold.
 *
 * @param rule              rule name, e.g. {@code client_burst}
 * @param key               what was counted: a client IP, a host
 * @param count             the count in the window that crossed
 * @param threshold         the rule's threshold (count is strictly greater)
 * @param windowSeconds     length of the counting window
 * @param windowEndEpochMs  end of the window that crossed (the Spark batch time)
 * @param firstSeenEpochMs  end of the first window of this episode above the threshold
 */
public record Alert(
        String rule,
        String key,
        long count,
        long threshold,
        long windowSeconds,
        long windowEndEpochMs,
        long firstSeenEpochMs) implements Serializable {

    public Alert {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(key, "key");
    }

    /**
     * {@code <rule>_<key>_<window end epoch ms>}, the key encoded by {@link RowKeyPart#of}. Rule names hold '_'
     * and so may keys, so a reader splits by what it knows: the rule is a known name followed by '_', the window
     * end follows the last '_', and {@link RowKeyPart#decode} of what lies between is the key. Never throws for the
     * alerts the job raises: their keys are client IPs and the hosts of counted lines, which triage has already
     * made into row keys.
     */
    public String rowKey() {
        return rule + "_" + RowKeyPart.of(key) + "_" + windowEndEpochMs;
    }

    /** One JSON object, as published on the alerts topic; {@code window_end} repeats the time for humans. */
    public String toJson() {
        return "{\"rule\":" + JsonString.quote(rule)
                + ",\"key\":" + JsonString.quote(key)
                + ",\"count\":" + count
                + ",\"threshold\":" + threshold
                + ",\"window_seconds\":" + windowSeconds
                + ",\"window_end_epoch_ms\":" + windowEndEpochMs
                + ",\"window_end\":" + JsonString.quote(Instant.ofEpochMilli(windowEndEpochMs).toString())
                + ",\"first_seen_epoch_ms\":" + firstSeenEpochMs
                + "}";
    }
}
