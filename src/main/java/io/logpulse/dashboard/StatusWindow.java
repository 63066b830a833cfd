package io.logpulse.dashboard;

import io.logpulse.status.BatchStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The batch statuses of the last 15 minutes, by batch time, as they arrive from the status topic. A status sent
 * again for the same batch (a replay) replaces the first. Bounded twice: by age against the clock, and by count,
 * so a job with a very short batch interval cannot grow it without end.
 */
final class StatusWindow {

    static final Duration SPAN = Duration.ofMinutes(15);
    /** 15 minutes of 250 ms batches: more than any sensible batch interval produces. */
    static final int MAX_POINTS = 3_600;

    private final Clock clock;
    private final TreeMap<Long, BatchStatus> byBatchTime = new TreeMap<>();
    private long malformed;

    StatusWindow(Clock clock) {
        this.clock = clock;
    }

    /** Takes one record of the status topic; one that is not a status is counted and left out. */
    synchronized void accept(String json) {
        try {
            add(BatchStatus.fromJson(json));
        } catch (IllegalArgumentException e) {
            malformed++;
        }
    }

    synchronized void add(BatchStatus status) {
        byBatchTime.put(status.batchTimeMs(), status);
        dropOld();
    }

    /** The statuses of the last 15 minutes, oldest first. */
    synchronized List<BatchStatus> recent() {
        dropOld();
        return new ArrayList<>(byBatchTime.values());
    }

    /** Records of the status topic that were not a status. */
    synchronized long malformed() {
        return malformed;
    }

    private void dropOld() {
        byBatchTime.headMap(clock.millis() - SPAN.toMillis()).clear();
        while (byBatchTime.size() > MAX_POINTS) {
            byBatchTime.pollFirstEntry();
        }
    }
}
