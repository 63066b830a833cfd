package io.logpulse.sink;

import io.logpulse.counters.CounterTables;
import io.logpulse.ingest.AppliedLines;
import io.logpulse.ingest.BatchPlan;
import io.logpulse.ingest.ByteRanges;
import io.logpulse.ingest.LineSummary;
import java.io.IOException;
import java.io.Serializable;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.CheckAndMutate;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.Delete;
import org.apache.hadoop.hbase.client.Get;
import org.apache.hadoop.hbase.client.Put;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.RowMutations;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.util.Bytes;

/**
 * The job's own record of its batches, in HBase beside the counters it guards ({@code <prefix>batch_ledger}, one
 * row): which batch was started last (its sequence number, time and exact Kafka offset ranges), which was finished
 * last, where each partition's next batch starts, the settings of the last run, and the lease of the job that may
 * write the tables now. See EXACTLY-ONCE.md beside this class for why this makes every batch count once.
 *
 * <p>Every write but the lease's first take is guarded by "the lease is still mine": a job that lost its lease
 * (another took over after it stopped renewing) can no longer start a batch.
 */
public final class BatchLedger {

    public static final byte[] FAMILY = Bytes.toBytes("l");
    private static final byte[] ROW = Bytes.toBytes("pipeline");
    private static final byte[] OWNER = Bytes.toBytes("lease_owner");
    private static final byte[] EXPIRES = Bytes.toBytes("lease_expires_ms");
    private static final byte[] STARTED_SEQ = Bytes.toBytes("started_seq");
    private static final byte[] STARTED_TIME = Bytes.toBytes("started_time_ms");
    private static final byte[] STARTED_RANGES = Bytes.toBytes("started_ranges");
    private static final byte[] STARTED_PLAN = Bytes.toBytes("started_plan");
    private static final byte[] MAX_EVENT = Bytes.toBytes("max_event_ms");
    private static final byte[] FINISHED_SEQ = Bytes.toBytes("finished_seq");
    private static final byte[] SETTINGS = Bytes.toBytes("settings");
    /** Followed by {@code topic/partition}: the offset the next batch starts at. */
    private static final String POSITION_PREFIX = "next:";
    /** Followed by a line source ({@code host:inode}): {@code <last batch time ms> <byte ranges counted>}. */
    private static final String APPLIED_PREFIX = "applied:";

    private final Supplier<Connection> connection;
    private final TableName table;
    private final String owner;
    private final Duration leaseTimeout;
    private final Duration sourceRetention;

    /** One partition's share of a batch: offsets {@code [from, until)}. */
    public record Span(String topic, int partition, long from, long until) implements Serializable {
        public Span {
            if (from < 0 || until < from) {
                throw new IllegalArgumentException("bad offset range " + from + ".." + until);
            }
        }

        public long count() {
            return until - from;
        }

        /** {@code topic/partition}. */
        public String partitionName() {
            return topic + "/" + partition;
        }
    }

    /** One batch as the ledger holds it: the same on every replay. */
    public record Batch(long seq, long timeMs, List<Span> spans, BatchPlan plan) implements Serializable {
        public Batch {
            spans = List.copyOf(spans);
            if (plan.coveredBefore().size() != spans.size()) {
                throw new IllegalArgumentException("a plan for " + plan.coveredBefore().size() + " partitions and "
                        + spans.size() + " offset ranges");
            }
        }
    }

    /** Thrown when another job holds the lease on the tables. */
    public static final class LeaseHeldException extends IOException {
        private static final long serialVersionUID = 1L;

        LeaseHeldException(String message) {
            super(message);
        }
    }

    /**
     * @param connection asked for the connection at every call, so that one the client closed (after a long
     *                   outage) is replaced rather than kept
     * @param sourceRetention how long a file no batch had lines of stays remembered, with the ranges counted of it
     */
    public BatchLedger(Supplier<Connection> connection, String tablePrefix, Duration leaseTimeout,
                       Duration sourceRetention) {
        this.connection = connection;
        this.table = tableOf(tablePrefix);
        this.owner = ownerName();
        this.leaseTimeout = leaseTimeout;
        this.sourceRetention = sourceRetention;
    }

    private static TableName tableOf(String tablePrefix) {
        return TableName.valueOf(tablePrefix + CounterTables.BATCH_LEDGER);
    }

    /**
     * The plan of the batch started at this time, read where its lines are screened (an executor): the plan is
     * written by the driver before any output, and read back rather than shipped so that the live stream and the
     * replay of a batch screen from the same record.
     *
     * @throws IOException when the ledger's started batch is not the one of this time
     */
    public static BatchPlan startedPlan(Connection connection, String tablePrefix, long timeMs) throws IOException {
        Result row;
        try (Table ledger = connection.getTable(tableOf(tablePrefix))) {
            row = ledger.get(new Get(ROW).addColumn(FAMILY, STARTED_TIME).addColumn(FAMILY, STARTED_PLAN));
        }
        if (longValue(row, STARTED_TIME, -1) != timeMs) {
            throw new IOException("the ledger's started batch is at " + longValue(row, STARTED_TIME, -1)
                    + ", not " + timeMs + ": another job took over the tables?");
        }
        return BatchPlan.parse(string(row, STARTED_PLAN));
    }

    /** {@code host pid=N started=ISO}: says which job holds the tables, and lets a restart on the same host see a dead one. */
    private static String ownerName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "unknown-host";
        }
        return host + " pid=" + ProcessHandle.current().pid() + " started="
                + Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime());
    }

    public String owner() {
        return owner;
    }

    /**
     * Takes the lease on the tables. A lease that is not renewed while we watch it for one timeout belonged to a
     * job that is gone, and is taken over; one that is renewed belongs to a running job, and is refused.
     *
     * @param progress told what is being waited for, about once a second
     * @throws LeaseHeldException naming the job that holds it
     */
    public void acquire(Consumer<String> progress) throws IOException {
        long watchedUntil = System.currentTimeMillis() + leaseTimeout.toMillis() + 2_000;
        Long firstSeenExpiry = null;
        while (true) {
            Result row = read();
            String holder = string(row, OWNER);
            long expires = longValue(row, EXPIRES, 0);
            long now = System.currentTimeMillis();
            if (holder == null || expires < now || holder.equals(owner) || deadOnThisHost(holder)) {
                Put take = new Put(ROW).addColumn(FAMILY, OWNER, Bytes.toBytes(owner))
                        .addColumn(FAMILY, EXPIRES, Bytes.toBytes(now + leaseTimeout.toMillis()));
                CheckAndMutate.Builder guard = CheckAndMutate.newBuilder(ROW);
                CheckAndMutate write = holder == null ? guard.ifNotExists(FAMILY, OWNER).build(take)
                        : guard.ifEquals(FAMILY, OWNER, Bytes.toBytes(holder)).build(take);
                if (checkAndMutate(write)) {
                    return;
                }
                continue;
            }
            if (firstSeenExpiry == null) {
                firstSeenExpiry = expires;
            } else if (expires != firstSeenExpiry || now > watchedUntil) {
                throw new LeaseHeldException("another LogPulse job is writing the tables " + table.getNameAsString()
                        .replace(CounterTables.BATCH_LEDGER, "*") + ": " + holder
                        + " (its lease was renewed at " + Instant.ofEpochMilli(expires - leaseTimeout.toMillis())
                        + "). Stop it first (bin/logpulse yarn kill APP_ID, or its process), or give this job"
                        + " another logpulse.hbase.table.prefix.");
            }
            progress.accept("waiting for the lease of " + holder + " to expire at " + Instant.ofEpochMilli(expires)
                    + " (a running job renews it; a dead one does not)");
            sleep(1_000);
        }
    }

    private static boolean deadOnThisHost(String holder) {
        String self = ownerName();
        String host = self.substring(0, self.indexOf(" pid="));
        if (!holder.startsWith(host + " pid=")) {
            return false;
        }
        String rest = holder.substring(host.length() + 5);
        try {
            long pid = Long.parseLong(rest.substring(0, rest.indexOf(' ')));
            return ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
        } catch (RuntimeException notOurFormat) {
            return false;
        }
    }

    /** Extends the lease; false when it is no longer ours (another job took over). */
    public boolean renew() throws IOException {
        return guarded(new Put(ROW).addColumn(FAMILY, EXPIRES,
                Bytes.toBytes(System.currentTimeMillis() + leaseTimeout.toMillis())));
    }

    /** Gives the lease up, for a job that stopped cleanly: the next one need not wait for it to expire. */
    public void release() throws IOException {
        guarded(new Put(ROW).addColumn(FAMILY, EXPIRES, Bytes.toBytes(0L)));
    }

    /** The batch that was started and not finished, to complete with exactly its ranges before anything else. */
    public Optional<Batch> unfinished() throws IOException {
        Result row = read();
        long started = longValue(row, STARTED_SEQ, 0);
        long finished = longValue(row, FINISHED_SEQ, 0);
        if (started == finished) {
            return Optional.empty();
        }
        List<Span> spans = parse(string(row, STARTED_RANGES));
        String plan = string(row, STARTED_PLAN);
        return Optional.of(new Batch(started, longValue(row, STARTED_TIME, 0), spans,
                plan == null ? BatchPlan.none(spans.size()) : BatchPlan.parse(plan)));
    }

    /** Where the next batch of each {@code topic/partition} starts, for every partition the ledger has seen. */
    public Map<String, Long> positions() throws IOException {
        Map<String, Long> positions = new TreeMap<>();
        Result row = read();
        row.getFamilyMap(FAMILY).forEach((qualifier, value) -> {
            String name = Bytes.toString(qualifier);
            if (name.startsWith(POSITION_PREFIX)) {
                positions.put(name.substring(POSITION_PREFIX.length()), Bytes.toLong(value));
            }
        });
        return positions;
    }

    /**
     * Records a batch before any of its output is written, with the next sequence number and its plan: which of
     * its lines were counted before (by the line ranges of the files they come from), and the latest request time.
     *
     * @param summaries one per span, in order
     * @throws IOException when the lease is no longer ours, or the previous batch was not finished
     */
    public Batch start(long timeMs, List<Span> spans, List<LineSummary> summaries) throws IOException {
        Result row = read();
        long started = longValue(row, STARTED_SEQ, 0);
        if (started != longValue(row, FINISHED_SEQ, 0)) {
            throw new IOException("batch " + started + " of " + table + " is still unfinished: batches must run one"
                    + " at a time (spark.streaming.concurrentJobs=1)");
        }
        BatchPlan plan = BatchPlan.of(applied(row), summaries, longValue(row, MAX_EVENT, Long.MIN_VALUE));
        Batch batch = new Batch(started + 1, timeMs, spans, plan);
        if (!guarded(new Put(ROW).addColumn(FAMILY, STARTED_SEQ, Bytes.toBytes(batch.seq()))
                .addColumn(FAMILY, STARTED_TIME, Bytes.toBytes(timeMs))
                .addColumn(FAMILY, STARTED_RANGES, Bytes.toBytes(format(spans)))
                .addColumn(FAMILY, STARTED_PLAN, Bytes.toBytes(plan.format()))
                .addColumn(FAMILY, EXPIRES, Bytes.toBytes(System.currentTimeMillis() + leaseTimeout.toMillis())))) {
            throw lost();
        }
        return batch;
    }

    /**
     * Marks the batch finished (every output written), moves each partition's position past it, and records its
     * lines as counted, in the same atomic row write. Sources no batch had lines of for the retention are forgotten.
     */
    public void finish(Batch batch) throws IOException {
        Put put = new Put(ROW).addColumn(FAMILY, FINISHED_SEQ, Bytes.toBytes(batch.seq()));
        for (Span span : batch.spans()) {
            put.addColumn(FAMILY, Bytes.toBytes(POSITION_PREFIX + span.partitionName()), Bytes.toBytes(span.until()));
        }
        batch.plan().appliedAfter().bySource().forEach((source, ranges) -> put.addColumn(FAMILY,
                Bytes.toBytes(APPLIED_PREFIX + source), Bytes.toBytes(batch.timeMs() + " " + ranges.format())));
        if (batch.plan().maxEventMsAfter() != Long.MIN_VALUE) {
            put.addColumn(FAMILY, MAX_EVENT, Bytes.toBytes(batch.plan().maxEventMsAfter()));
        }
        RowMutations write = new RowMutations(ROW);
        write.add(put);
        Delete forget = new Delete(ROW);
        long oldest = batch.timeMs() - sourceRetention.toMillis();
        read().getFamilyMap(FAMILY).forEach((qualifier, value) -> {
            String name = Bytes.toString(qualifier);
            String source = name.startsWith(APPLIED_PREFIX) ? name.substring(APPLIED_PREFIX.length()) : null;
            if (source != null && !batch.plan().appliedAfter().bySource().containsKey(source)
                    && lastSeen(value) < oldest) {
                forget.addColumns(FAMILY, qualifier);
            }
        });
        if (!forget.isEmpty()) {
            write.add(forget);
        }
        if (!checkAndMutate(CheckAndMutate.newBuilder(ROW).ifEquals(FAMILY, OWNER, Bytes.toBytes(owner))
                .build(write))) {
            throw lost();
        }
    }

    /** The lines counted so far, per source, as {@code finish} recorded them. */
    public AppliedLines applied() throws IOException {
        return applied(read());
    }

    /** What the finished batches counted: their lines, and the latest request time among them. */
    public record Counted(AppliedLines lines, long maxEventMs) {
    }

    /** What the next batch is screened against; {@link #start} plans it from the same record. */
    public Counted counted() throws IOException {
        Result row = read();
        return new Counted(applied(row), longValue(row, MAX_EVENT, Long.MIN_VALUE));
    }

    private static AppliedLines applied(Result row) {
        Map<String, ByteRanges> bySource = new TreeMap<>();
        row.getFamilyMap(FAMILY).forEach((qualifier, value) -> {
            String name = Bytes.toString(qualifier);
            if (name.startsWith(APPLIED_PREFIX)) {
                String text = Bytes.toString(value);
                bySource.put(name.substring(APPLIED_PREFIX.length()), ByteRanges.parse(text.substring(text.indexOf(' ') + 1)));
            }
        });
        return AppliedLines.of(bySource);
    }

    private static long lastSeen(byte[] appliedValue) {
        String text = Bytes.toString(appliedValue);
        return Long.parseLong(text.substring(0, text.indexOf(' ')));
    }

    /** The settings the last run saved, as {@code key=value} lines; empty before the first run. */
    public Optional<String> settings() throws IOException {
        return Optional.ofNullable(string(read(), SETTINGS));
    }

    public void saveSettings(String settings) throws IOException {
        if (!guarded(new Put(ROW).addColumn(FAMILY, SETTINGS, Bytes.toBytes(settings)))) {
            throw lost();
        }
    }

    private IOException lost() {
        return new LeaseHeldException("the lease on " + table + " is no longer held by this job (" + owner
                + "): another job took over the tables; this one stops");
    }

    private boolean guarded(Put put) throws IOException {
        return checkAndMutate(CheckAndMutate.newBuilder(ROW).ifEquals(FAMILY, OWNER, Bytes.toBytes(owner)).build(put));
    }

    private boolean checkAndMutate(CheckAndMutate write) throws IOException {
        try (Table ledger = connection.get().getTable(table)) {
            return ledger.checkAndMutate(write).isSuccess();
        }
    }

    private Result read() throws IOException {
        try (Table ledger = connection.get().getTable(table)) {
            return ledger.get(new Get(ROW).addFamily(FAMILY));
        }
    }

    private static String string(Result row, byte[] qualifier) {
        byte[] value = row.getValue(FAMILY, qualifier);
        return value == null ? null : Bytes.toString(value);
    }

    private static long longValue(Result row, byte[] qualifier, long absent) {
        byte[] value = row.getValue(FAMILY, qualifier);
        return value == null ? absent : Bytes.toLong(value);
    }

    /** One span a line, {@code topic partition from until}: topic names hold no spaces. */
    static String format(List<Span> spans) {
        StringBuilder text = new StringBuilder();
        for (Span span : spans) {
            text.append(span.topic()).append(' ').append(span.partition()).append(' ').append(span.from())
                    .append(' ').append(span.until()).append('\n');
        }
        return text.toString();
    }

    static List<Span> parse(String text) {
        List<Span> spans = new ArrayList<>();
        for (String line : text == null ? new String[0] : text.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split(" ");
            spans.add(new Span(f[0], Integer.parseInt(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3])));
        }
        return spans;
    }

    private static void sleep(long ms) throws IOException {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the lease", e);
        }
    }
}
