package io.logpulse.counters;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.logpulse.clean.EventCleaner;
import io.logpulse.event.AccessEvent;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.Test;

public class DayTotalsTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 11, 21);

    private static DayTotals ofDay(String day) {
        return new DayTotals(day, 1, 0, 0, 0);
    }

    @Test
    public void totalsAddUpAndAverageOnlyTheTimedRequests() {
        DayTotals timed404 = DayTotals.of(new EventCleaner().clean(new AccessEvent(Instant.parse("2026-11-21T10:00:00Z"),
                "203.0.113.9", "GET", "/", null, null, 404, -1, null, "h", null, 30, null, null)));
        DayTotals untimed = DayTotals.of(new EventCleaner().clean(new AccessEvent(Instant.parse("2026-11-21T11:00:00Z"),
                "203.0.113.9", "GET", "/", null, null, 200, -1, null, "h", null, -1, null, null)));
        DayTotals sum = timed404.plus(untimed);
        assertEquals(new DayTotals("20261121", 2, 1, 30, 1), sum);
        assertEquals(30, sum.averageRequestTimeMs());
        assertEquals(-1, untimed.averageRequestTimeMs());
    }

    @Test
    public void aDayOlderThanTheRetentionExpiresAndTheLastKeptDayDoesNot() {
        assertFalse(ofDay("20261121").expired(TODAY, 2));
        assertFalse(ofDay("20261119").expired(TODAY, 2));
        assertTrue(ofDay("20261118").expired(TODAY, 2));
    }

    @Test
    public void aDayThatIsNotADateCountsAsExpiredInsteadOfFailingTheStateUpdate() {
        assertTrue(ofDay("+100000101").expired(TODAY, 2));
        assertTrue(ofDay("20261399").expired(TODAY, 2));
        assertTrue(ofDay("").expired(TODAY, 2));
    }
}
