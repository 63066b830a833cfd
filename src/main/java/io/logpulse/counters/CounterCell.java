package io.logpulse.counters;

import java.io.Serializable;
import java.util.Objects;

/** One HBase increment: add {@code delta} to {@code table/rowKey/info:qualifier}. */
public record CounterCell(String table, String rowKey, String qualifier, long delta) implements Serializable {

    public CounterCell {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(rowKey, "rowKey");
        Objects.requireNonNull(qualifier, "qualifier");
    }

    public static CounterCell one(String table, String rowKey, String qualifier) {
        return new CounterCell(table, rowKey, qualifier, 1L);
    }
}
