package io.logpulse.sink;

import io.logpulse.counters.CounterCell;
import java.io.IOException;
import java.util.Iterator;

/**
 * Where a batch's summed counter cells go, from the driver: each row takes a batch once, by its sequence number.
 */
public interface CounterSink {

    /** What one call did. */
    record Applied(long rowsApplied, long rowsSkipped, long cellsIncremented) {
        public static final Applied NONE = new Applied(0, 0, 0);

        public Applied plus(Applied o) {
            return new Applied(rowsApplied + o.rowsApplied, rowsSkipped + o.rowsSkipped,
                    cellsIncremented + o.cellsIncremented);
        }
    }

    /**
     * @param seq   the batch's sequence number in the ledger: the same on every replay of the batch, and growing
     *              from batch to batch; a row that took this or a later one skips it
     * @param cells the batch's increments; every cell of a row must come in the same call
     */
    Applied apply(long seq, Iterator<CounterCell> cells) throws IOException;
}
