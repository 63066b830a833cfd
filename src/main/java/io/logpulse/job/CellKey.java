package io.logpulse.job;

import io.logpulse.counters.CounterCell;
import java.io.Serializable;
import java.util.Objects;

/** A counter cell without its delta: what a batch's increments are summed by. */
record CellKey(String table, String rowKey, String qualifier) implements Serializable {

    CellKey {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(rowKey, "rowKey");
        Objects.requireNonNull(qualifier, "qualifier");
    }

    static CellKey of(CounterCell cell) {
        return new CellKey(cell.table(), cell.rowKey(), cell.qualifier());
    }

    CounterCell withDelta(long delta) {
        return new CounterCell(table, rowKey, qualifier, delta);
    }

    // Written out: the generated ones run through method handles, and a line looks up ~9 cells (see RuleKey).
    @Override
    public boolean equals(Object other) {
        return this == other || other instanceof CellKey that && rowKey.equals(that.rowKey)
                && qualifier.equals(that.qualifier) && table.equals(that.table);
    }

    @Override
    public int hashCode() {
        return (31 * table.hashCode() + rowKey.hashCode()) * 31 + qualifier.hashCode();
    }
}
