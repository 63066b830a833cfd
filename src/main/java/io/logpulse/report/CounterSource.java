package io.logpulse.report;

/** Where a report's counters come from: the HBase tables ({@link CounterTableReader}), or memory in tests. */
@FunctionalInterface
public interface CounterSource {

    /** Everything the counter tables hold now. */
    CounterSnapshot read();
}
