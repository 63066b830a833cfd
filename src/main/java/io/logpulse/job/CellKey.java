package io.logpulse.job;

import io.logpulse.counters.CounterCell;
import java.io.Serializable;

/** A counter cell without its delta: what a batch's increments are summed by. */
record CellKey(String table, String rowKey, String qualifier) implements Serializable {

    static CellKey of(CounterCell cell) {
        return new CellKey(cell.table(), cell.rowKey(), cell.qualifier());
    }

    CounterCell withDelta(long delta) {
        return new CounterCell(table, rowKey, qualifier, delta);
    }
}
