package io.logpulse.clean;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The request times a line may carry, relative to its batch's time: from {@code maxAge} before to {@code maxAhead}
 * after, both ends included. Relative to the batch and not to the wall clock, so a replayed batch rejects exactly
 * the lines it rejected the first time, and replaying last month's logs still counts them.
 *
 * <p>Besides refusing a server whose clock is off by years, the range keeps every day key an 8-digit
 * {@code yyyyMMdd}: an epoch time in the year 10000 or an ISO time at the end of {@code Instant}'s range would
 * otherwise make keys that no later step can read.
 *
 * @param maxAge   how long before the batch's time a request may have been logged
 * @param maxAhead how long after the batch's time a request may have been logged (clock skew between servers)
 */
public record RequestTimeRange(Duration maxAge, Duration maxAhead) implements Serializable {

    public RequestTimeRange {
        Objects.requireNonNull(maxAge, "maxAge");
        Objects.requireNonNull(maxAhead, "maxAhead");
        if (maxAge.isNegative() || maxAhead.isNegative()) {
            throw new IllegalArgumentException("maxAge and maxAhead must be >= 0, were " + maxAge + " and " + maxAhead);
        }
    }

    /** Never throws: the difference of any two instants fits a {@link Duration}, unlike their sum with one. */
    public boolean admits(Instant time, Instant batchTime) {
        // Seconds and nanoseconds apart, as Duration.between would give them without its allocations: the
        // difference of two instants' epoch seconds fits a long, and nanos is normalized to 0..999,999,999.
        long seconds = batchTime.getEpochSecond() - time.getEpochSecond();
        long nanos = batchTime.getNano() - time.getNano();
        if (nanos < 0) {
            seconds--;
            nanos += 1_000_000_000L;
        }
        return notAbove(seconds, nanos, maxAge) && notBelowMinus(seconds, nanos, maxAhead);
    }

    /** (seconds, nanos) <= limit. */
    private static boolean notAbove(long seconds, long nanos, Duration limit) {
        return seconds < limit.getSeconds() || seconds == limit.getSeconds() && nanos <= limit.getNano();
    }

    /** (seconds, nanos) >= -limit, with -limit as Duration.negated() writes it. */
    private static boolean notBelowMinus(long seconds, long nanos, Duration limit) {
        long minusSeconds = -limit.getSeconds() - (limit.getNano() > 0 ? 1 : 0);
        long minusNanos = limit.getNano() > 0 ? 1_000_000_000L - limit.getNano() : 0;
        return seconds > minusSeconds || seconds == minusSeconds && nanos >= minusNanos;
    }

    @Override
    public String toString() {
        return "from " + maxAge + " before to " + maxAhead + " after the batch time";
    }
}
