package io.logpulse.clean;

import io.logpulse.event.AccessEvent;
import java.io.Serializable;
import java.util.Locale;
import java.util.Objects;

/**
 * An access event with the keys every counter and rule needs already derived, so they are
 * computed once per event rather than once per counter.
 *
 * @param event        the parsed event
 * @param dayKey       {@code yyyyMMdd} in the configured day zone; exactly 8 digits, since readers split row keys
 *                     after it and the job's day state parses it
 * @param minuteKey    {@code yyyyMMddHHmm} in the configured day zone, starting with the day key
 * @param productId    id from a {@code /product/<digits>.html} path, or null
 * @param refererHost  lower-case host of the referer URL, or null
 * @param searchEngine engine name when the referer host is a search engine, or null
 * @param statusClass  first digit of the status (1..5), 0 when the log does not say
 */
public record CleanEvent(
        AccessEvent event,
        String dayKey,
        String minuteKey,
        Long productId,
        String refererHost,
        String searchEngine,
        int statusClass) implements Serializable {


    public CleanEvent {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(dayKey, "dayKey");
        Objects.requireNonNull(minuteKey, "minuteKey");
        if (!digits(dayKey, 8) || !digits(minuteKey, 12) || !minuteKey.startsWith(dayKey)) {
            throw new IllegalArgumentException("day key " + dayKey + " and minute key " + minuteKey
                    + " must be yyyyMMdd and yyyyMMddHHmm of the same day");
        }
    }

    private static boolean digits(String text, int length) {
        if (text.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    public String clientIp() {
        return event.clientIp();
    }

    public String host() {
        return event.host();
    }

    public String country() {
        return event.country();
    }

    /** The country as row keys hold it (upper-case), or null when the log had none. */
    public String countryKey() {
        return event.country() == null ? null : event.country().toUpperCase(Locale.ROOT);
    }

    public int status() {
        return event.status();
    }

    /** Milliseconds taken to serve the request, -1 when the log did not say. */
    public long requestTimeMs() {
        return event.requestTimeMs();
    }

    public boolean isProductClick() {
        return productId != null;
    }
}
