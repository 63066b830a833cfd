package io.logpulse.clean;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.Test;

public class RequestTimeRangeTest {

    private static final Instant BATCH = Instant.parse("2026-12-02T10:00:00Z");
    private static final RequestTimeRange RANGE = new RequestTimeRange(Duration.ofDays(400), Duration.ofHours(24));

    @Test
    public void bothEndsOfTheRangeAreAdmittedAndTheNanosecondBeyondThemIsNot() {
        assertTrue(RANGE.admits(BATCH.minus(Duration.ofDays(400)), BATCH));
        assertFalse(RANGE.admits(BATCH.minus(Duration.ofDays(400)).minusNanos(1), BATCH));
        assertTrue(RANGE.admits(BATCH.plus(Duration.ofHours(24)), BATCH));
        assertFalse(RANGE.admits(BATCH.plus(Duration.ofHours(24)).plusNanos(1), BATCH));
        assertTrue(RANGE.admits(BATCH, BATCH));
    }

    @Test
    public void instantsAtTheEndsOfTheirRangeAreRefusedWithoutThrowing() {
        assertFalse(RANGE.admits(Instant.MIN, BATCH));
        assertFalse(RANGE.admits(Instant.MAX, BATCH));
        assertFalse(new RequestTimeRange(Duration.ZERO, Duration.ZERO).admits(Instant.MAX, Instant.MIN));
    }

    @Test
    public void admitsWhatTheDurationBetweenTheTimesAdmits() {
        Random random = new Random(12);
        List<RequestTimeRange> ranges = List.of(RANGE, new RequestTimeRange(Duration.ZERO, Duration.ZERO),
                new RequestTimeRange(Duration.ofMillis(1500).plusNanos(7), Duration.ofNanos(999_999_999)),
                new RequestTimeRange(Duration.ofSeconds(3, 1), Duration.ofSeconds(2, 500)));
        for (int i = 0; i < 200_000; i++) {
            RequestTimeRange range = ranges.get(random.nextInt(ranges.size()));
            long spread = i % 2 == 0 ? 5_000_000_000L : 40_000_000_000_000_000L;
            Instant time = BATCH.plusNanos(random.nextLong() % spread);
            if (i % 3 == 0) {
                time = BATCH.minus(range.maxAge()).plusNanos(random.nextInt(3) - 1);
            } else if (i % 3 == 1) {
                time = BATCH.plus(range.maxAhead()).plusNanos(random.nextInt(3) - 1);
            }
            Duration age = Duration.between(time, BATCH);
            boolean expected = age.compareTo(range.maxAge()) <= 0 && age.negated().compareTo(range.maxAhead()) <= 0;
            assertEquals(time + " against " + range, expected, range.admits(time, BATCH));
        }
    }
}
