package io.logpulse.job;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.logpulse.clean.LineTriage;
import io.logpulse.clean.TriagedLine;
import io.logpulse.config.LogPulseConfig;
import io.logpulse.counters.CounterCell;
import io.logpulse.counters.CounterTables;
import io.logpulse.ingest.AppliedLines;
import io.logpulse.ingest.BatchPlan;
import io.logpulse.ingest.ByteRanges;
import io.logpulse.ingest.LineId;
import io.logpulse.ingest.LineOrigin;
import io.logpulse.ingest.LineSummary;
import io.logpulse.ingest.SourcedLine;
import io.logpulse.rules.Alert;
import io.logpulse.sink.BatchLedger;
import io.logpulse.sink.CounterSink;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.streaming.Durations;
import org.apache.spark.streaming.api.java.JavaDStream;
import org.apache.spark.streaming.api.java.JavaStreamingContext;
import org.apache.spark.util.ManualClock;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The whole graph behind its seam, {@link PipelineGraph#wire}: scripted batches from a {@code queueStream}, in-memory
 * ledger, counters and alerts, the archive in a temporary directory. Each test states what the outputs hold after
 * the batches, against a recount of the lines, and in which order the batches were finished and committed.
 */
public class PipelineGraphTest {

    private static final Instant FROM = Instant.parse("2026-11-21T10:00:00Z");
    /** Counter cells the counter sink applied, per table, row and qualifier; and each row's last batch. */
    private static final Map<String, Long> COUNTED = new ConcurrentHashMap<>();
    private static final Map<String, Long> ROW_SEQ = new ConcurrentHashMap<>();

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    private JavaStreamingContext ssc;
    private LogPulseConfig config;
    private final List<String> events = Collections.synchronizedList(new ArrayList<>());

    @Before
    public void context() throws IOException {
        COUNTED.clear();
        ROW_SEQ.clear();
        config = LogPulseConfig.fromMap(Map.of("logpulse.archive.dir", "file:" + folder.newFolder("archive"),
                "logpulse.checkpoint.dir", "file:" + folder.newFolder("checkpoint")));
        SparkConf conf = new SparkConf().setMaster("local[2]").setAppName("pipeline-graph-test")
                .set("spark.streaming.clock", "org.apache.spark.util.ManualClock")
                .set("spark.ui.enabled", "false");
        ssc = new JavaStreamingContext(conf, Durations.seconds(1));
        ssc.sparkContext().setCheckpointDir(config.checkpointDir());
        ((ManualClock) ssc.ssc().scheduler().clock()).setTime(FROM.toEpochMilli());
    }

    @After
    public void stop() {
        ssc.stop(true, false);
    }

    @Test
    public void everyLineCountsOnceAndIsArchivedOnceAcrossResendsAndBatchesAreCommittedAfterTheirFinish()
            throws IOException {
        List<SourcedLine> log = log(60);
        // Batch 2 holds a re-send of a batch-1 line; batch 3 the same line in both of its partitions.
        List<List<List<SourcedLine>>> batches = List.of(
                List.of(log.subList(0, 12), log.subList(12, 20)),
                List.of(List.of(log.get(3)), log.subList(20, 40)),
                List.of(log.subList(40, 50), Stream.concat(log.subList(50, 60).stream(), Stream.of(log.get(45)))
                        .toList()));
        MemoryOutputs outputs = new MemoryOutputs();
        run(batches, outputs);

        assertEquals(List.of("finish 1", "commit 1", "finish 2", "commit 2", "finish 3", "commit 3"), events);
        assertEquals(recount(log, 2), new TreeMap<>(COUNTED));
        List<String> valid = new ArrayList<>();
        List<String> rejected = new ArrayList<>();
        LineTriage triage = PipelineGraph.lineTriage(config);
        for (SourcedLine line : log) {
            (triage.triage(line.raw(), FROM).fate() == TriagedLine.Fate.REJECTED ? rejected : valid).add(line.raw());
        }
        assertEquals(sorted(valid), sorted(archived(".log")));
        assertEquals(rejected.size(), archived(".tsv").size());
    }

    @Test
    public void aBatchWithoutRecordsRunsNoStepButCommitsItsPositionAgain() throws IOException {
        MemoryOutputs outputs = new MemoryOutputs();
        run(List.of(List.of(), List.of(log(5)), List.of()), outputs);
        assertEquals(List.of("commit 0", "finish 1", "commit 1", "commit 1"), events);
    }

    @Test
    public void afterAFailedBatchNoLaterOneRunsOrCommitsItsPosition() {
        List<SourcedLine> log = log(30);
        MemoryOutputs outputs = new MemoryOutputs();
        outputs.failingStart = 2;
        run(List.of(List.of(log.subList(0, 10)), List.of(log.subList(10, 20)), List.of(log.subList(20, 30)),
                List.of()), outputs);
        assertEquals(List.of("finish 1", "commit 1"), events);
        assertEquals("the ledger saw batch 2 fail and no batch after it", 1, outputs.started);
    }

    /** Lines of one file with their ids, every seventh one garbage, request times a second apart before FROM. */
    private static List<SourcedLine> log(int count) {
        List<SourcedLine> lines = new ArrayList<>();
        long offset = 0;
        for (int i = 0; i < count; i++) {
            Instant at = FROM.minusSeconds(count - i);
            String raw = i % 7 == 6 ? "garbage " + i : "10.1.0." + (i % 5) + " - - [" + clf(at)
                    + "] \"GET /product/" + (i % 3) + ".html HTTP/1.1\" " + (i % 4 == 0 ? 404 : 200)
                    + " 100 \"-\" \"curl/8\" 0.010 www.shop.example";
            LineId id = new LineId("web1:77", offset, offset + raw.length() + 1);
            lines.add(new SourcedLine(raw, new LineOrigin(id, null, 0)));
            offset = id.end();
        }
        return lines;
    }

    private static String clf(Instant at) {
        return java.time.format.DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", java.util.Locale.ROOT)
                .format(at.atZone(java.time.ZoneOffset.UTC));
    }

    /** Each distinct line's cells, as triage makes them, plus the copies counted as duplicates. */
    private Map<String, Long> recount(List<SourcedLine> log, long duplicates) {
        LineTriage triage = PipelineGraph.lineTriage(config);
        Map<String, Long> expected = new TreeMap<>();
        for (SourcedLine line : log) {
            for (CounterCell cell : triage.triage(line.raw(), FROM, line.origin()).cells()) {
                expected.merge(key(cell), cell.delta(), Long::sum);
            }
        }
        expected.merge(CounterTables.PIPELINE_STATS + "/20261121/" + CounterTables.DUPLICATE, duplicates, Long::sum);
        return expected;
    }

    private List<String> archived(String extension) throws IOException {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.walk(folder.getRoot().toPath().resolve("archive"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(extension)
                    && !f.getFileName().toString().startsWith(".")).toList()) {
                lines.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
            }
        }
        return lines;
    }

    private static List<String> sorted(List<String> lines) {
        List<String> copy = new ArrayList<>(lines);
        Collections.sort(copy);
        return copy;
    }

    private static String key(CounterCell cell) {
        return cell.table() + "/" + cell.rowKey() + "/" + cell.qualifier();
    }

    /**
     * Wires the graph over the scripted batches (each a list of partitions), then advances the manual clock one
     * interval at a time and waits for each batch.
     */
    private void run(List<List<List<SourcedLine>>> scripted, MemoryOutputs outputs) {
        Queue<JavaRDD<SourcedLine>> queue = new ArrayDeque<>();
        for (List<List<SourcedLine>> scriptedPartitions : scripted) {
            // Copies: a subList is not serializable, and the partitions travel with the task.
            List<List<SourcedLine>> partitions = scriptedPartitions.stream()
                    .map(partition -> (List<SourcedLine>) new ArrayList<>(partition)).toList();
            List<SourcedLine> all = partitions.stream().flatMap(List::stream).toList();
            queue.add(partitions.isEmpty() ? ssc.sparkContext().emptyRDD()
                    : ssc.sparkContext().parallelize(all, partitions.size())
                    .mapPartitionsWithIndex((index, ignored) -> partitions.get(index).iterator(), true));
        }
        JavaDStream<SourcedLine> lines = ssc.queueStream(queue, true, ssc.sparkContext().emptyRDD());
        PipelineGraph.wire(lines, new QueueBatches(events, outputs), BatchPipeline.of(config), outputs);
        ManualBatches.run(ssc, scripted.size(), 1000);
    }

    /** Offset ranges made up from each partition's size; a finished batch is "committed" in the event list. */
    private record QueueBatches(List<String> events, MemoryOutputs outputs) implements
            PipelineGraph.BatchSource<SourcedLine> {
        @Override
        public List<BatchLedger.Span> spansOf(JavaRDD<SourcedLine> rdd) {
            List<Long> sizes = rdd.mapPartitions(part -> {
                long n = 0;
                for (; part.hasNext(); part.next()) {
                    n++;
                }
                return List.of(n).iterator();
            }).collect();
            List<BatchLedger.Span> spans = new ArrayList<>();
            for (int i = 0; i < sizes.size(); i++) {
                long from = outputs.positions.getOrDefault(i, 0L);
                spans.add(new BatchLedger.Span("queue", i, from, from + sizes.get(i)));
                outputs.positions.put(i, from + sizes.get(i));
            }
            return spans;
        }

        @Override
        public JavaRDD<SourcedLine> linesOf(JavaRDD<SourcedLine> rdd) {
            return rdd;
        }

        @Override
        public void finished(JavaRDD<SourcedLine> rdd) {
            events.add("commit " + outputs.finished);
        }
    }

    /** The ledger, the counter tables and the alert topic, in this JVM (tasks run in it in local mode). */
    private final class MemoryOutputs implements BatchOutputs {
        private final Map<Integer, Long> positions = new HashMap<>();
        private final List<Alert> alerts = Collections.synchronizedList(new ArrayList<>());
        private AppliedLines applied = AppliedLines.NONE;
        private long maxEventMs = Long.MIN_VALUE;
        private long started;
        private long finished;
        /** The sequence number whose start fails, as a ledger on an HBase that is down; 0 for none. */
        private long failingStart;

        @Override
        public BatchLedger.Counted counted() {
            return new BatchLedger.Counted(applied, maxEventMs);
        }

        @Override
        public BatchLedger.Batch start(long timeMs, List<BatchLedger.Span> spans, List<LineSummary> summaries) {
            assertEquals("one batch at a time", finished, started);
            if (started + 1 == failingStart) {
                throw new IllegalStateException("the ledger's table is not reachable");
            }
            return new BatchLedger.Batch(++started, timeMs, spans, BatchPlan.of(applied, summaries, maxEventMs));
        }

        @Override
        public void finish(BatchLedger.Batch batch) {
            Map<String, ByteRanges> next = new HashMap<>(applied.bySource());
            next.putAll(batch.plan().appliedAfter().bySource());
            applied = AppliedLines.of(next);
            maxEventMs = batch.plan().maxEventMsAfter();
            finished = batch.seq();
            events.add("finish " + batch.seq());
        }

        @Override
        public CounterSink counters() {
            return new MemoryCounters();
        }

        @Override
        public void publish(long batchTimeMs, List<Alert> raised) {
            alerts.addAll(raised);
        }
    }

    /** Applies each row once per batch, as the HBase sink's markers do. */
    private static final class MemoryCounters implements CounterSink {
        @Override
        public Applied apply(long seq, Iterator<CounterCell> cells) {
            Map<String, List<CounterCell>> rows = new HashMap<>();
            cells.forEachRemaining(cell -> rows.computeIfAbsent(cell.table() + "/" + cell.rowKey(),
                    r -> new ArrayList<>()).add(cell));
            long applied = 0;
            long skipped = 0;
            for (Map.Entry<String, List<CounterCell>> row : rows.entrySet()) {
                if (ROW_SEQ.getOrDefault(row.getKey(), 0L) >= seq) {
                    skipped++;
                    continue;
                }
                ROW_SEQ.put(row.getKey(), seq);
                row.getValue().forEach(cell -> COUNTED.merge(key(cell), cell.delta(), Long::sum));
                applied++;
            }
            return new Applied(applied, skipped, 0);
        }
    }
}
