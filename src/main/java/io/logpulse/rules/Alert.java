package io.logpulse.rules;

import io.logpulse.counters.RowKeyPart;
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

    /** {@code <rule>_<key>_<window end epoch ms>}, with the key made safe for HBase shell scans. */
    public String rowKey() {
        return rule + "_" + RowKeyPart.of(key) + "_" + windowEndEpochMs;
    }

    /** One JSON object, as published on the alerts topic; {@code window_end} repeats the time for humans. */
    public String toJson() {
        return "{\"rule\":" + quote(rule)
                + ",\"key\":" + quote(key)
                + ",\"count\":" + count
                + ",\"threshold\":" + threshold
                + ",\"window_seconds\":" + windowSeconds
                + ",\"window_end_epoch_ms\":" + windowEndEpochMs
                + ",\"window_end\":" + quote(Instant.ofEpochMilli(windowEndEpochMs).toString())
                + ",\"first_seen_epoch_ms\":" + firstSeenEpochMs
                + "}";
    }

    private static String quote(String text) {
        StringBuilder json = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    // Other control characters and the JS line separators are escaped so any consumer can read it.
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"').toString();
    }
}
