package io.logpulse.counters;

import io.logpulse.clean.CleanEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * Per day and host: requests, 4xx, 5xx, and the request-time sum with its own count. The average
 * response time is {@code request_time_ms_sum / request_time_count}; lines that logged no time
 * (seed-002, combined without {@code $request_time}) add to neither, so they do not skew it.
 */
public final class HostStatsCounter implements Counter {

    private static final long serialVersionUID = 1L;

    @Override
    public List<CounterCell> cellsFor(CleanEvent event) {
        String row = event.dayKey() + "_" + RowKeyPart.of(event.host());
        List<CounterCell> cells = new ArrayList<>(4);
        cells.add(CounterCell.one(CounterTables.HOST_STATS, row, CounterTables.REQUEST_COUNT));
        if (event.statusClass() == 4) {
            cells.add(CounterCell.one(CounterTables.HOST_STATS, row, CounterTables.STATUS_4XX));
        } else if (event.statusClass() == 5) {
            cells.add(CounterCell.one(CounterTables.HOST_STATS, row, CounterTables.STATUS_5XX));
        }
        if (event.requestTimeMs() >= 0) {
            cells.add(new CounterCell(CounterTables.HOST_STATS, row, CounterTables.REQUEST_TIME_MS_SUM, event.requestTimeMs()));
            cells.add(CounterCell.one(CounterTables.HOST_STATS, row, CounterTables.REQUEST_TIME_COUNT));
        }
        return cells;
    }
}
