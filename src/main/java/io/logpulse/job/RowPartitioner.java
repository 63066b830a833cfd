package io.logpulse.job;

import org.apache.spark.Partitioner;

/**
 * Sends every cell of one HBase row to the same task. The replay guard is per row: two tasks writing parts of
 * one row in the same batch would see each other's marker and skip.
 */
final class RowPartitioner extends Partitioner {

    private static final long serialVersionUID = 1L;
    private final int partitions;

    RowPartitioner(int partitions) {
        this.partitions = partitions;
    }

    @Override
    public int numPartitions() {
        return partitions;
    }

    @Override
    public int getPartition(Object key) {
        CellKey cell = (CellKey) key;
        return Math.floorMod(31 * cell.table().hashCode() + cell.rowKey().hashCode(), partitions);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RowPartitioner p && p.partitions == partitions;
    }

    @Override
    public int hashCode() {
        return partitions;
    }
}
