package io.logpulse.rules;

import io.logpulse.counters.RowKeyPart;
import io.logpulse.event.JsonString;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * One raised alert: a key whose count in a window of request time went above its rule's threshold, for the first
 * window of an episode of consecutive windows above it.
 *
 * @param rule                rule name, e.g. {@code client_burst}
 * @param key                 what was counted: a client IP, a host
 * @param count               the window's count when the alert was raised (lines arriving later may add to it)
 * @param threshold           the rule's threshold (count is strictly greater)
 * @param windowSeconds       length of the counting window
 * @param windowStartEpochMs  start of the window, in request time, inclusive
 * @param windowEndEpochMs    end of the window, in request time, exclusive
 * @param firstSeenEpochMs    end of the first window of this episode above the threshold
 */
public record Alert(
        String rule,
        String key,
        long count,
        long threshold,
        long windowSeconds,
        long windowStartEpochMs,
        long windowEndEpochMs,
        long firstSeenEpochMs) implements Serializable {

    public Alert {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(key, "key");
        if (windowEndEpochMs <= windowStartEpochMs) {
            throw new IllegalArgumentException("window end " + windowEndEpochMs + " must be after its start "
                    + windowStartEpochMs);
        }
    }

    /**
     * {@code <rule>_<key>_<window end epoch ms>}, the key encoded by {@link RowKeyPart#of}. The window end is in
     * request time, so an episode has the same row whichever batches delivered its lines. Rule names hold '_'
     * and so may keys, so a reader splits by what it knows: the rule is a known name followed by '_', the window
     * end follows the last '_', and {@link RowKeyPart#decode} of what lies between is the key. Never throws for the
     * alerts the job raises: their keys are client IPs and the hosts of counted lines, which triage has already
     * made into row keys.
     */
    public String rowKey() {
        return rule + "_" + RowKeyPart.of(key) + "_" + windowEndEpochMs;
    }

    /**
     * One JSON object, as published on the alerts topic; {@code window_start} and {@code window_end} repeat the
     * times for humans. The first five fields keep their order: {@code bin/logpulse demo} reads them by position.
     */
    public String toJson() {
        return "{\"rule\":" + JsonString.quote(rule)
                + ",\"key\":" + JsonString.quote(key)
                + ",\"count\":" + count
                + ",\"threshold\":" + threshold
                + ",\"window_seconds\":" + windowSeconds
                + ",\"window_start_epoch_ms\":" + windowStartEpochMs
                + ",\"window_start\":" + JsonString.quote(Instant.ofEpochMilli(windowStartEpochMs).toString())
                + ",\"window_end_epoch_ms\":" + windowEndEpochMs
                + ",\"window_end\":" + JsonString.quote(Instant.ofEpochMilli(windowEndEpochMs).toString())
                + ",\"first_seen_epoch_ms\":" + firstSeenEpochMs
                + "}";
    }
}
