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
        Duration age = Duration.between(time, batchTime);
        return age.compareTo(maxAge) <= 0 && age.negated().compareTo(maxAhead) <= 0;
    }

    @Override
    public String toString() {
        return "from " + maxAge + " before to " + maxAhead + " after the batch time";
    }
}
