package io.logpulse.job;

import io.logpulse.archive.RawArchive;
import io.logpulse.clean.TriagedLine;
import io.logpulse.config.LogPulseConfig;
import io.logpulse.counters.CounterCell;
import io.logpulse.counters.CounterTables;
import io.logpulse.sink.BatchLedger;
import io.logpulse.sink.HBaseCounterSink;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import scala.Tuple2;

/**
 * What one batch writes, as a function of its ledger entry (sequence number, time, offset ranges) and its lines:
 * the raw archive, one file per offset range, and the counters, each HBase row once per sequence number. The live
 * stream and the replay of an unfinished batch both write through here, so they write the same.
 */
final class BatchOutputs implements Serializable {

    private static final long serialVersionUID = 1L;

    private final RawArchive archive;
    private final String tablePrefix;

    private BatchOutputs(RawArchive archive, String tablePrefix) {
        this.archive = archive;
        this.tablePrefix = tablePrefix;
    }

    /** The archive and the counter tables the settings name. */
    static BatchOutputs of(LogPulseConfig config) {
        return new BatchOutputs(new RawArchive(config.archiveDir(), config.dayZone()), config.hbaseTablePrefix());
    }

    /** What the batch's counter tasks found. */
    record Written(long valid, long rejected, long blacklisted, long duplicate, long rowsApplied, long rowsSkipped)
            implements Serializable {
        static final Written NONE = new Written(0, 0, 0, 0, 0, 0);

        Written plus(Written o) {
            return new Written(valid + o.valid, rejected + o.rejected, blacklisted + o.blacklisted,
                    duplicate + o.duplicate, rowsApplied + o.rowsApplied, rowsSkipped + o.rowsSkipped);
        }
    }

    /** @param lines the batch's lines, partition i holding the lines of {@code batch.spans().get(i)} */
    Written write(JavaRDD<TriagedLine> lines, BatchLedger.Batch batch) {
        List<String> files = batch.spans().stream()
                .map(s -> "part-" + s.topic() + "-" + s.partition() + "-" + s.from()).toList();
        if (lines.getNumPartitions() != files.size()) {
            throw new IllegalStateException("batch " + batch.seq() + " has " + files.size() + " offset ranges but "
                    + lines.getNumPartitions() + " partitions");
        }
        long time = batch.timeMs();
        lines.foreachPartition(partition -> archive.write(time, files.get(TaskContext.getPartitionId()), partition));
        long seq = batch.seq();
        String prefix = tablePrefix;
        return lines
                .flatMap(line -> line.cells().iterator())
                .mapToPair(cell -> new Tuple2<>(CellKey.of(cell), cell.delta()))
                .reduceByKey(new RowPartitioner(Math.max(1, lines.getNumPartitions())), Long::sum)
                .mapPartitions(cells -> List.of(applyCounters(prefix, seq, cells)).iterator())
                .collect().stream().reduce(Written.NONE, Written::plus);
    }

    private static Written applyCounters(String tablePrefix, long seq, Iterator<Tuple2<CellKey, Long>> reduced)
            throws IOException {
        List<CounterCell> cells = new ArrayList<>();
        long valid = 0;
        long rejected = 0;
        long blacklisted = 0;
        long duplicate = 0;
        while (reduced.hasNext()) {
            Tuple2<CellKey, Long> cell = reduced.next();
            cells.add(cell._1().withDelta(cell._2()));
            if (cell._1().table().equals(CounterTables.PIPELINE_STATS)) {
                switch (cell._1().qualifier()) {
                    case CounterTables.VALID -> valid += cell._2();
                    case CounterTables.REJECTED -> rejected += cell._2();
                    case CounterTables.BLACKLISTED -> blacklisted += cell._2();
                    case CounterTables.DUPLICATE -> duplicate += cell._2();
                    default -> { }
                }
            }
        }
        HBaseCounterSink.SinkResult result = HBaseCounterSink.forPrefix(tablePrefix).apply(seq, cells.iterator());
        return new Written(valid, rejected, blacklisted, duplicate, result.rowsApplied(), result.rowsSkipped());
    }
}
