package io.logpulse.job;

import io.logpulse.clean.CleanEvent;
import io.logpulse.clean.EventCleaner;
import io.logpulse.clean.LineTriage;
import io.logpulse.clean.TriagedLine;
import io.logpulse.config.ConfigException;
import io.logpulse.config.ConfigKey;
import io.logpulse.config.LogPulseConfig;
import io.logpulse.counters.CounterSet;
import io.logpulse.counters.DayTotals;
import io.logpulse.counters.PipelineStatsCounter;
import io.logpulse.ingest.LineId;
import io.logpulse.ingest.LineOrigin;
import io.logpulse.rules.Alert;
import io.logpulse.rules.AlertRule;
import io.logpulse.sink.BatchLedger;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.Optional;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.streaming.api.java.JavaDStream;
import org.apache.spark.streaming.api.java.JavaInputDStream;
import org.apache.spark.streaming.api.java.JavaPairDStream;
import org.apache.spark.streaming.api.java.JavaStreamingContext;
import org.apache.spark.streaming.kafka010.CanCommitOffsets;
import org.apache.spark.streaming.kafka010.ConsumerStrategies;
import org.apache.spark.streaming.kafka010.HasOffsetRanges;
import org.apache.spark.streaming.kafka010.KafkaUtils;
import org.apache.spark.streaming.kafka010.LocationStrategies;
import org.apache.spark.streaming.kafka010.OffsetRange;
import scala.Tuple2;

/**
 * The whole LogPulse DStream graph, wired in one place, and the replay of a batch the ledger says is unfinished:
 *
 * <pre>
 * Kafka (direct stream, from the ledger's positions)
 *   -> triage (parse, clean, blacklist, counter cells; each line's id from its record's headers)
 *   -> start the batch in the ledger (sequence number, time, offset ranges, plan), before any output
 *   -> screen: lines whose id was counted before become duplicates (the plan says which), in every output below
 *   -> raw archive on HDFS                      (every line; rejects with their reason)
 *   -> counters: reduce per cell -> HBase       (increments guarded by the batch's sequence number)
 *   -> event-time windows per rule and key, on the driver's schedule -> alerts to Kafka and HBase
 *   -> updateStateByKey day totals per country and host -> status log
 *   -> finish the batch in the ledger, then commit its offsets to Kafka (for lag monitors only)
 * </pre>
 *
 * <p>The graph is built anew at every start, never restored from the checkpoint: settings take effect on restart
 * and a new jar needs no manual step. Where the stream starts, and which batch is replayed first, come from the
 * ledger (sink/EXACTLY-ONCE.md). The checkpoint directory only holds the window and state RDDs of this run.
 */
public final class PipelineGraph {

    private PipelineGraph() {
    }

    /**
     * Wires the graph onto a new context.
     *
     * @param from where each partition's first batch starts; a partition not in it starts at the consumer group's
     *             committed offset (a job of a version before the ledger), else at the earliest offset
     */
    public static void wire(JavaStreamingContext ssc, LogPulseConfig config, Map<TopicPartition, Long> from) {
        ssc.checkpoint(config.checkpointDir());

        // Assign, not Subscribe: a driver restarted after a crash must not wait for the group to drop the dead
        // member before it can seek to its offsets ("No current assignment for partition").
        JavaInputDStream<ConsumerRecord<String, String>> records = KafkaUtils.createDirectStream(ssc,
                LocationStrategies.PreferConsistent(),
                ConsumerStrategies.<String, String>Assign(partitionsOf(config), kafkaParams(config), from));

        LineTriage triage = lineTriage(config);
        JavaDStream<TriagedLine> triaged = records.transform((rdd, time) -> {
            BatchReport.spans(time.milliseconds(), spansOf(rdd.rdd()));
            return rdd.map(new RecordTriage(triage, Instant.ofEpochMilli(time.milliseconds())));
        });
        triaged.persist(StorageLevel.MEMORY_AND_DISK_SER());

        // First output: the batch and its plan are in the ledger before any output writes a byte of it. The plan
        // needs what the lines are (their ids, their latest request time): one pass over the triaged lines.
        triaged.foreachRDD((rdd, time) -> {
            List<BatchLedger.Span> spans = BatchReport.spansOf(time.milliseconds());
            if (spans.stream().mapToLong(BatchLedger.Span::count).sum() > 0) {
                BatchReport.started(time.milliseconds(), PipelineResources.current().startBatch(time.milliseconds(),
                        spans, rdd.mapPartitions(LineSummaries::of).collect()));
            }
        });

        String prefix = config.hbaseTablePrefix();
        long latenessMs = config.alertsAllowedLateness().toMillis();
        PipelineStatsCounter stats = new PipelineStatsCounter(config.dayZone());
        JavaDStream<TriagedLine> lines = triaged.transform((rdd, time) -> rdd.mapPartitionsWithIndex(
                new ScreenLines(prefix, time.milliseconds(), stats, latenessMs), true));
        // Several outputs read each batch's lines: a batch larger than memory spills rather than being re-parsed.
        lines.persist(StorageLevel.MEMORY_AND_DISK_SER());

        BatchOutputs outputs = BatchOutputs.of(config);
        lines.foreachRDD((rdd, time) -> {
            BatchLedger.Batch batch = BatchReport.batchOf(time.milliseconds());
            if (batch != null) {
                BatchReport.written(time.milliseconds(), outputs.write(rdd, batch));
            }
        });

        JavaDStream<CleanEvent> events = lines.filter(TriagedLine::counted).map(TriagedLine::event);
        raise(events, List.of(config.clientBurstRule(), config.hostErrorStormRule()),
                (time, rdd) -> ledgerWatermark(time, latenessMs),
                (time, alerts) -> PipelineResources.current().alerts().publish(time, alerts));

        dayTotals(events, config);

        // Registered last, so it runs after every output of the batch; a batch whose outputs failed stays
        // unfinished, and the ledger refuses to start the next one.
        records.foreachRDD((rdd, time) -> {
            BatchLedger.Batch batch = BatchReport.batchOf(time.milliseconds());
            if (batch != null && BatchReport.isWritten(time.milliseconds())) {
                PipelineResources.current().finishBatch(batch);
                ((CanCommitOffsets) records.inputDStream()).commitAsync(((HasOffsetRanges) rdd.rdd()).offsetRanges());
            }
        });
    }

    /**
     * Completes a batch the ledger recorded and a dead driver did not finish, with exactly its recorded offset
     * ranges and time: its lines, cells and archive files come out as they would have the first time, and rows
     * that had already taken it skip it.
     */
    public static BatchOutputs.Written replay(JavaSparkContext spark, LogPulseConfig config, BatchLedger.Batch batch)
            throws IOException {
        OffsetRange[] ranges = batch.spans().stream()
                .map(s -> OffsetRange.create(s.topic(), s.partition(), s.from(), s.until()))
                .toArray(OffsetRange[]::new);
        JavaRDD<TriagedLine> lines = KafkaUtils.<String, String>createRDD(spark, kafkaParams(config), ranges,
                        LocationStrategies.PreferConsistent())
                .map(new RecordTriage(lineTriage(config), Instant.ofEpochMilli(batch.timeMs())))
                .mapPartitionsWithIndex(new ScreenLines(config.hbaseTablePrefix(), batch.timeMs(),
                        new PipelineStatsCounter(config.dayZone()), config.alertsAllowedLateness().toMillis()), true)
                .persist(StorageLevel.MEMORY_AND_DISK_SER());
        try {
            return BatchOutputs.of(config).write(lines, batch);
        } finally {
            lines.unpersist();
        }
    }

    /**
     * Commits where the stream starts to the consumer group, as the stream does after each batch: lag monitors read
     * the group's offsets (the job itself goes by its ledger), and a driver killed before its last asynchronous
     * commit, or a batch completed at start, would otherwise leave them behind.
     */
    public static void commitToGroup(LogPulseConfig config, Map<TopicPartition, Long> offsets) {
        Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
        offsets.forEach((partition, offset) -> commit.put(partition, new OffsetAndMetadata(offset)));
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(kafkaParams(config))) {
            consumer.commitSync(commit);
        }
    }

    /** The batch's offset ranges, in the order of the RDD's partitions. */
    static List<BatchLedger.Span> spansOf(org.apache.spark.rdd.RDD<?> kafkaRdd) {
        return Arrays.stream(((HasOffsetRanges) kafkaRdd).offsetRanges())
                .map(r -> new BatchLedger.Span(r.topic(), r.partition(), r.fromOffset(), r.untilOffset()))
                .toList();
    }

    /**
     * A class, not a lambda: a lambda taking a {@code ConsumerRecord} cannot be deserialized from the shaded jar
     * (executors, checkpoint restore), because the shade plugin relocates Kafka in the lambda's method but not in
     * the signature string its {@code $deserializeLambda$} checks.
     */
    private static final class RecordTriage implements Function<ConsumerRecord<String, String>, TriagedLine> {
        private static final long serialVersionUID = 1L;
        private final LineTriage triage;
        private final Instant batchTime;

        RecordTriage(LineTriage triage, Instant batchTime) {
            this.triage = triage;
            this.batchTime = batchTime;
        }

        @Override
        public TriagedLine call(ConsumerRecord<String, String> record) {
            return triage.triage(record.value(), batchTime, originOf(record.headers()));
        }
    }

    /** What LogPulse's Flume source put in the record's headers (flume/LineIdTaildirSource); NONE for others. */
    static LineOrigin originOf(Headers headers) {
        String source = header(headers, "logpulse.source");
        String server = header(headers, "logpulse.server");
        String cut = header(headers, "logpulse.cut");
        if (source == null && server == null && cut == null) {
            return LineOrigin.NONE;
        }
        long cutFrom = 0;
        try {
            cutFrom = cut == null ? 0 : Math.max(0, Long.parseLong(cut));
        } catch (NumberFormatException notANumber) {
            // A header of another writer: the line is screened as uncut, its length is checked by the parser.
        }
        return new LineOrigin(LineId.fromHeaders(source, header(headers, "logpulse.line")), server, cutFrom);
    }

    private static String header(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    static Map<String, Object> kafkaParams(LogPulseConfig config) {
        Map<String, Object> params = new HashMap<>();
        params.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrapServers());
        params.put(ConsumerConfig.GROUP_ID_CONFIG, config.kafkaGroupId());
        params.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        params.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        params.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // Offsets are committed by the job after its outputs, never by the consumer on its own.
        params.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        params.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
        params.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 << 20);
        params.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 << 20);
        return params;
    }

    /** The topic's partitions now; a partition added later is read after the next start without a checkpoint. */
    static List<TopicPartition> partitionsOf(LogPulseConfig config) {
        Map<String, Object> params = kafkaParams(config);
        params.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(params)) {
            List<PartitionInfo> partitions = consumer.partitionsFor(config.kafkaTopic());
            if (partitions == null || partitions.isEmpty()) {
                throw new ConfigException(ConfigKey.KAFKA_TOPIC.key(), "topic '" + config.kafkaTopic()
                        + "' does not exist on " + config.kafkaBootstrapServers() + ": create it, or fix the key");
            }
            return partitions.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        }
    }

    public static LineTriage lineTriage(LogPulseConfig config) {
        return new LineTriage(config.accessLogParser(), config.requestTimeRange(),
                new EventCleaner(config.dayZone(), config.searchEngines()), config.blacklist(),
                CounterSet.standard(), new PipelineStatsCounter(config.dayZone()), config.serverName());
    }

    /**
     * Alerts of the rules on the request's own time ({@link EventTimeAlerting}), computed on the driver once per
     * batch and handed to {@code output} with the batch time.
     */
    static void raise(JavaDStream<CleanEvent> events, List<AlertRule> rules, BatchWatermark watermark,
                      AlertOutput output) {
        EventTimeAlerting alerting = new EventTimeAlerting(rules);
        events.foreachRDD((rdd, time) -> {
            OptionalLong mark = watermark.of(time.milliseconds(), rdd);
            if (mark.isPresent()) {
                output.publish(time.milliseconds(), alerting.onBatch(rdd, mark.getAsLong()));
            }
        });
    }

    /**
     * The batch's watermark from its ledger entry: the newest request time counted up to and including the batch,
     * minus the lateness. Recorded with the batch, it survives restarts; empty for a batch without records, which
     * changes no window.
     */
    static OptionalLong ledgerWatermark(long batchTimeMs, long latenessMs) {
        BatchLedger.Batch batch = BatchReport.batchOf(batchTimeMs);
        if (batch == null) {
            return OptionalLong.empty();
        }
        long newest = batch.plan().maxEventMsAfter();
        return OptionalLong.of(newest == Long.MIN_VALUE ? Long.MIN_VALUE : newest - latenessMs);
    }

    /** Where each batch's alerts go. Serializable: DStream output functions are written with the graph. */
    interface AlertOutput extends java.io.Serializable {
        void publish(long batchTimeMs, List<Alert> alerts);
    }

    /** The watermark of a batch, or empty to evaluate nothing for it. */
    interface BatchWatermark extends java.io.Serializable {
        OptionalLong of(long batchTimeMs, JavaRDD<CleanEvent> events);
    }

    /** Live per-day totals per country and host; days past the retention leave the state. */
    private static void dayTotals(JavaDStream<CleanEvent> events, LogPulseConfig config) {
        int retentionDays = config.stateRetentionDays();
        String zone = config.dayZone().getId();
        JavaPairDStream<String, DayTotals> totals = events
                .flatMapToPair(event -> List.of(
                        new Tuple2<>("country " + event.country() + " " + event.dayKey(), DayTotals.of(event)),
                        new Tuple2<>("host " + event.host() + " " + event.dayKey(), DayTotals.of(event))).iterator())
                .reduceByKey(DayTotals::plus)
                .updateStateByKey((List<DayTotals> batch, Optional<DayTotals> state) -> {
                    DayTotals total = state.orNull();
                    for (DayTotals increment : batch) {
                        total = total == null ? increment : total.plus(increment);
                    }
                    if (total == null || total.expired(LocalDate.now(ZoneId.of(zone)), retentionDays)) {
                        return Optional.empty();
                    }
                    return Optional.of(total);
                });
        totals.foreachRDD((rdd, time) -> BatchReport.totals(time.milliseconds(),
                rdd.filter(t -> t._1().startsWith("host ")).top(3, new ByRequests())));
    }

    /** Orders day totals by requests, for the busiest hosts in the status line. */
    static final class ByRequests implements Comparator<Tuple2<String, DayTotals>>, java.io.Serializable {
        private static final long serialVersionUID = 1L;

        @Override
        public int compare(Tuple2<String, DayTotals> a, Tuple2<String, DayTotals> b) {
            return Long.compare(a._2().requests(), b._2().requests());
        }
    }
}
