package io.logpulse.report;

/** Where a report's counters come from: the HBase tables ({@link CounterTableReader}), or memory in tests. */
@FunctionalInterface
public interface CounterSource {

    /**
     * What the counter tables hold now: the rows of one day, or every row.
     *
     * @param day {@code yyyyMMdd} to read that day's rows, or null for all; a source may return other rows too,
     *            since {@link CounterReport} keeps only the day's
     */
    CounterSnapshot read(String day);
}
