package io.logpulse.sink;

import static io.logpulse.sink.CounterTableSchema.INFO;
import static io.logpulse.sink.CounterTableSchema.LAST_SEQ;
import static io.logpulse.sink.CounterTableSchema.MARKERS;

import io.logpulse.counters.CounterCell;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Supplier;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.CheckAndMutate;
import org.apache.hadoop.hbase.client.CheckAndMutateResult;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.Get;
import org.apache.hadoop.hbase.client.Increment;
import org.apache.hadoop.hbase.client.Put;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.RowMutations;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.util.Bytes;

/**
 * Applies one batch's counter increments to HBase exactly once, however often the batch is replayed.
 *
 * <p>Each counter row carries the ledger sequence number of the last batch applied to it ({@code m:s}). Per
 * table, one multi-get
 * reads the markers; rows already at this batch or later are skipped; the rest get one atomic
 * check-and-mutate each — "marker still as read" guarding a {@link RowMutations} of the new marker and every
 * increment of the row — all sent as one batched call. See EXACTLY-ONCE.md beside this class.
 */
public final class HBaseCounterSink implements CounterSink {

    private static final int MAX_ATTEMPTS = 5;
    private static final int CHUNK_ROWS = 50;
    private static final ExecutorService WRITERS = Executors.newFixedThreadPool(16, runnable -> {
        Thread thread = new Thread(runnable, "hbase-counter-writer");
        thread.setDaemon(true);
        return thread;
    });

    private final Supplier<Connection> hbase;
    private final String tablePrefix;

    /**
     * @param hbase the caller's connection, asked for at each use: a connection the client closed (aborted) is
     *              replaced by the caller, which closes the last one after the sink's last call
     */
    public HBaseCounterSink(Supplier<Connection> hbase, String tablePrefix) {
        this.hbase = hbase;
        this.tablePrefix = tablePrefix;
    }

    @Override
    public Applied apply(long seq, Iterator<CounterCell> cells) throws IOException {
        Map<String, Map<String, Map<String, Long>>> rowsByTable = new TreeMap<>();
        while (cells.hasNext()) {
            CounterCell cell = cells.next();
            rowsByTable.computeIfAbsent(cell.table(), t -> new TreeMap<>())
                    .computeIfAbsent(cell.rowKey(), r -> new TreeMap<>())
                    .merge(cell.qualifier(), cell.delta(), Long::sum);
        }
        // Adding zero changes nothing: such cells, and rows left with none, are not written.
        for (Map<String, Map<String, Long>> rows : rowsByTable.values()) {
            rows.values().forEach(deltas -> deltas.values().removeIf(delta -> delta == 0));
            rows.values().removeIf(Map::isEmpty);
        }
        long applied = 0;
        long skipped = 0;
        long incremented = 0;
        for (Map.Entry<String, Map<String, Map<String, Long>>> table : rowsByTable.entrySet()) {
            try (Table counters = hbase.get().getTable(TableName.valueOf(tablePrefix + table.getKey()))) {
                Map<String, Map<String, Long>> pending = table.getValue();
                for (int attempt = 1; !pending.isEmpty(); attempt++) {
                    if (attempt > MAX_ATTEMPTS) {
                        throw new IOException(pending.size() + " rows of " + tablePrefix + table.getKey()
                                + " kept changing under batch " + seq + ": is a second job writing them?");
                    }
                    List<String> rows = new ArrayList<>(pending.keySet());
                    List<Get> gets = new ArrayList<>(rows.size());
                    for (String row : rows) {
                        gets.add(new Get(Bytes.toBytes(row)).addColumn(MARKERS, LAST_SEQ));
                    }
                    Result[] markers = counters.get(gets);
                    List<CheckAndMutate> writes = new ArrayList<>(rows.size());
                    List<String> written = new ArrayList<>(rows.size());
                    for (int i = 0; i < rows.size(); i++) {
                        byte[] marker = markers[i].getValue(MARKERS, LAST_SEQ);
                        if (marker != null && Bytes.toLong(marker) >= seq) {
                            skipped++;
                            continue;
                        }
                        written.add(rows.get(i));
                        writes.add(guardedIncrement(rows.get(i), marker, seq, pending.get(rows.get(i))));
                    }
                    List<CheckAndMutateResult> results = checkAndMutateInParallel(counters.getName(), writes);
                    Map<String, Map<String, Long>> retry = new TreeMap<>();
                    for (int i = 0; i < written.size(); i++) {
                        if (results.get(i).isSuccess()) {
                            applied++;
                            incremented += pending.get(written.get(i)).size();
                        } else {
                            retry.put(written.get(i), pending.get(written.get(i)));
                        }
                    }
                    pending = retry;
                }
            }
        }
        return new Applied(applied, skipped, incremented);
    }

    /**
     * The region server applies each check-and-mutate of a multi request on its own, with its own WAL sync; chunks
     * sent side by side let it group those syncs, which is what bounds the rows per second.
     */
    private List<CheckAndMutateResult> checkAndMutateInParallel(TableName table, List<CheckAndMutate> writes)
            throws IOException {
        List<Future<List<CheckAndMutateResult>>> chunks = new ArrayList<>();
        for (int from = 0; from < writes.size(); from += CHUNK_ROWS) {
            List<CheckAndMutate> chunk = writes.subList(from, Math.min(writes.size(), from + CHUNK_ROWS));
            chunks.add(WRITERS.submit(() -> {
                try (Table counters = hbase.get().getTable(table)) {
                    return counters.checkAndMutate(chunk);
                }
            }));
        }
        List<CheckAndMutateResult> results = new ArrayList<>(writes.size());
        try {
            for (Future<List<CheckAndMutateResult>> chunk : chunks) {
                results.addAll(chunk.get());
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while writing counters to " + table, e);
        }
        return results;
    }

    private static CheckAndMutate guardedIncrement(String rowKey, byte[] marker, long seq,
                                                   Map<String, Long> deltas) throws IOException {
        byte[] row = Bytes.toBytes(rowKey);
        Increment increment = new Increment(row);
        deltas.forEach((qualifier, delta) -> increment.addColumn(INFO, Bytes.toBytes(qualifier), delta));
        RowMutations mutations = new RowMutations(row);
        mutations.add(new Put(row).addColumn(MARKERS, LAST_SEQ, Bytes.toBytes(seq)));
        mutations.add(increment);
        CheckAndMutate.Builder guard = CheckAndMutate.newBuilder(row);
        return marker == null
                ? guard.ifNotExists(MARKERS, LAST_SEQ).build(mutations)
                : guard.ifEquals(MARKERS, LAST_SEQ, marker).build(mutations);
    }
}
