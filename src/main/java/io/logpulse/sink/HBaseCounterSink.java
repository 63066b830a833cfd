package io.logpulse.sink;

import static io.logpulse.sink.CounterTableSchema.FENCE;
import static io.logpulse.sink.CounterTableSchema.INFO;
import static io.logpulse.sink.CounterTableSchema.LAST_SEQ;
import static io.logpulse.sink.CounterTableSchema.MARKERS;

import io.logpulse.counters.CounterCell;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.CheckAndMutate;
import org.apache.hadoop.hbase.client.CheckAndMutateResult;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.Durability;
import org.apache.hadoop.hbase.client.Get;
import org.apache.hadoop.hbase.client.Increment;
import org.apache.hadoop.hbase.client.Put;
import org.apache.hadoop.hbase.client.RegionLocator;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.RowMutations;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.util.Bytes;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Applies one batch's counter increments to HBase exactly once, however often the batch is replayed.
 *
 * <p>Each counter row carries the ledger sequence number of the last batch applied to it ({@code m:s}). Per
 * table, one multi-get reads the markers; rows already at this batch or later are skipped; the rest get one atomic
 * check-and-mutate each — "marker still as read" guarding a {@link RowMutations} of the new marker and every
 * increment of the row — sent in batched calls.
 *
 * <p>Those writes skip the wait for the write-ahead log ({@link Durability#ASYNC_WAL}): the region server applies
 * each conditional row on its own, and a log sync per row was most of the counters' time. Before the batch counts
 * as written, one ordinary (synced) put per region that took rows makes the log durable up to it, which covers the
 * earlier writes to that region, and the markers are read again: a row whose write a region server lost before
 * the sync (it died, and the region was opened elsewhere from the synced log) shows its old marker and is written
 * again. See EXACTLY-ONCE.md beside this class.
 */
public final class HBaseCounterSink implements CounterSink {

    private static final Logger LOG = LogManager.getLogger(HBaseCounterSink.class);
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
        Applied applied = Applied.NONE;
        for (Map.Entry<String, Map<String, Map<String, Long>>> table : rowsByTable.entrySet()) {
            applied = applied.plus(applyToTable(TableName.valueOf(tablePrefix + table.getKey()), seq,
                    table.getValue()));
        }
        return applied;
    }

    /**
     * Rounds of: read the markers of the rows not known to hold the batch; write those below it; make the writes
     * durable. The first read tells the rows an earlier run applied; every later read checks the last round.
     */
    private Applied applyToTable(TableName name, long seq, Map<String, Map<String, Long>> rows) throws IOException {
        long applied = 0;
        long skipped = 0;
        long incremented = 0;
        try (Table counters = hbase.get().getTable(name);
                RegionLocator regions = hbase.get().getRegionLocator(name)) {
            List<String> unconfirmed = new ArrayList<>(rows.keySet());
            Set<String> writtenByUs = Set.of();
            for (int round = 0; !unconfirmed.isEmpty(); round++) {
                List<Get> gets = new ArrayList<>(unconfirmed.size());
                for (String row : unconfirmed) {
                    gets.add(new Get(Bytes.toBytes(row)).addColumn(MARKERS, LAST_SEQ));
                }
                Result[] markers = counters.get(gets);
                List<CheckAndMutate> writes = new ArrayList<>();
                List<String> written = new ArrayList<>();
                long lost = 0;
                for (int i = 0; i < unconfirmed.size(); i++) {
                    String row = unconfirmed.get(i);
                    byte[] marker = markers[i].getValue(MARKERS, LAST_SEQ);
                    if (marker != null && Bytes.toLong(marker) >= seq) {
                        if (writtenByUs.contains(row)) {
                            applied++;
                            incremented += rows.get(row).size();
                        } else {
                            skipped++;
                        }
                        continue;
                    }
                    lost += writtenByUs.contains(row) ? 1 : 0;
                    written.add(row);
                    writes.add(guardedIncrement(row, marker, seq, rows.get(row)));
                }
                if (lost > 0) {
                    LOG.warn("batch {}: {} rows of {} lost their write before it was synced; writing them again",
                            seq, lost, name);
                }
                if (written.isEmpty()) {
                    break;
                }
                if (round == MAX_ATTEMPTS) {
                    throw new IOException(written.size() + " rows of " + name + " did not take batch " + seq
                            + " in " + MAX_ATTEMPTS + " attempts: is a second job writing them?");
                }
                List<CheckAndMutateResult> results = checkAndMutateInParallel(name, writes);
                Set<String> succeeded = new HashSet<>();
                for (int i = 0; i < written.size(); i++) {
                    if (results.get(i).isSuccess()) {
                        succeeded.add(written.get(i));
                    }
                }
                makeDurable(counters, regions, succeeded, seq);
                writtenByUs = succeeded;
                unconfirmed = written;
            }
        }
        return new Applied(applied, skipped, incremented);
    }

    /**
     * One synced put per region that took rows: a region server's log syncs in order, so it makes every earlier
     * write to the region durable, the unsynced ones above included.
     */
    private static void makeDurable(Table counters, RegionLocator regions, Set<String> rows, long seq)
            throws IOException {
        Map<String, Put> fences = new HashMap<>();
        for (String row : rows) {
            byte[] key = Bytes.toBytes(row);
            fences.computeIfAbsent(regions.getRegionLocation(key).getRegion().getEncodedName(),
                    region -> new Put(key).addColumn(MARKERS, FENCE, Bytes.toBytes(seq))
                            .setDurability(Durability.SYNC_WAL));
        }
        if (!fences.isEmpty()) {
            counters.put(new ArrayList<>(fences.values()));
        }
    }

    /** The region server applies each check-and-mutate of a multi request on its own: chunks side by side. */
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
        // Both: a row's mutations are logged with the strongest durability among them.
        increment.setDurability(Durability.ASYNC_WAL);
        Put stamp = new Put(row).addColumn(MARKERS, LAST_SEQ, Bytes.toBytes(seq));
        stamp.setDurability(Durability.ASYNC_WAL);
        RowMutations mutations = new RowMutations(row);
        mutations.add(stamp);
        mutations.add(increment);
        CheckAndMutate.Builder guard = CheckAndMutate.newBuilder(row);
        return marker == null
                ? guard.ifNotExists(MARKERS, LAST_SEQ).build(mutations)
                : guard.ifEquals(MARKERS, LAST_SEQ, marker).build(mutations);
    }
}
