package io.logpulse.dashboard;

import static org.junit.Assert.assertEquals;

import io.logpulse.status.BatchStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class StatusWindowTest {

    private static final long NOW = 1_795_305_600_000L;

    static BatchStatus status(long batchTimeMs, long records) {
        return new BatchStatus(batchTimeMs, 1, records, records, Map.of(), 0, 0, 0, 1, 0, 0, 120, 5, Map.of(),
                1_000 + records, 0, 300, 400, 10);
    }

    /** A clock the test moves. */
    private static final class SteppedClock extends Clock {

        private long millis = NOW;

        void step(Duration by) {
            millis += by.toMillis();
        }

        @Override
        public long millis() {
            return millis;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    private static List<Long> batchTimes(StatusWindow window) {
        return window.recent().stream().map(BatchStatus::batchTimeMs).toList();
    }

    @Test
    public void pointsOlderThanFifteenMinutesAreDropped() {
        SteppedClock clock = new SteppedClock();
        StatusWindow window = new StatusWindow(clock);
        long sixteenMinutesAgo = NOW - Duration.ofMinutes(16).toMillis();
        long tenMinutesAgo = NOW - Duration.ofMinutes(10).toMillis();
        window.add(status(sixteenMinutesAgo, 1));
        window.add(status(tenMinutesAgo, 2));
        window.add(status(NOW, 3));
        assertEquals(List.of(tenMinutesAgo, NOW), batchTimes(window));

        clock.step(Duration.ofMinutes(6));
        assertEquals(List.of(NOW), batchTimes(window));
    }

    @Test
    public void statusesAreKeptInBatchOrderAndAReplayedBatchReplacesItsFirstStatus() {
        StatusWindow window = new StatusWindow(new SteppedClock());
        window.add(status(NOW, 3));
        window.add(status(NOW - 2_000, 1));
        window.add(status(NOW - 2_000, 7));
        assertEquals(List.of(NOW - 2_000, NOW), batchTimes(window));
        assertEquals(7, window.recent().get(0).records());
    }

    @Test
    public void aMalformedRecordIsCountedAndSkipped() {
        StatusWindow window = new StatusWindow(new SteppedClock());
        window.accept("not json");
        window.accept("{\"batch_time_ms\": \"soon\"}");
        window.accept(status(NOW, 4).toJson());
        assertEquals(2, window.malformed());
        assertEquals(List.of(NOW), batchTimes(window));
    }

    @Test
    public void theWindowHoldsAtMostItsBoundOfPoints() {
        StatusWindow window = new StatusWindow(new SteppedClock());
        for (int i = 0; i < StatusWindow.MAX_POINTS + 10; i++) {
            window.add(status(NOW - i, 1));
        }
        assertEquals(StatusWindow.MAX_POINTS, window.recent().size());
        assertEquals(NOW, (long) batchTimes(window).get(StatusWindow.MAX_POINTS - 1));
    }
}
