package io.logpulse.counters;

import io.logpulse.clean.CleanEvent;
import java.io.Serializable;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

/**
 * Live running totals of one day for one country or host, kept in the streaming job's state for its status
 * output: requests, 4xx, and the average response time over the requests that reported one.
 */
public record DayTotals(String day, long requests, long status4xx, long requestTimeMsSum, long timedRequests)
        implements Serializable {

    public DayTotals {
        Objects.requireNonNull(day, "day");
    }

    public static DayTotals of(CleanEvent event) {
        boolean timed = event.requestTimeMs() >= 0;
        return new DayTotals(event.dayKey(), 1, event.statusClass() == 4 ? 1 : 0,
                timed ? event.requestTimeMs() : 0, timed ? 1 : 0);
    }

    public DayTotals plus(DayTotals other) {
        return new DayTotals(day, requests + other.requests, status4xx + other.status4xx,
                requestTimeMsSum + other.requestTimeMsSum, timedRequests + other.timedRequests);
    }

    /**
     * A day more than {@code retentionDays} before today leaves the state, so the state stays bounded. Never throws,
     * since it runs on the driver after every batch, where an exception would fail the stream: a day that
     * is not a {@code yyyyMMdd} date (which triage's time range should have kept out) counts as expired.
     */
    public boolean expired(LocalDate today, int retentionDays) {
        try {
            return LocalDate.parse(day, DateTimeFormatter.BASIC_ISO_DATE).isBefore(today.minusDays(retentionDays));
        } catch (DateTimeException notADay) {
            return true;
        }
    }

    /** Average response time in ms, or -1 when no request reported one. */
    public long averageRequestTimeMs() {
        return timedRequests == 0 ? -1 : requestTimeMsSum / timedRequests;
    }
}
