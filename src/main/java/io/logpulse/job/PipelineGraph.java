package io.logpulse.job;

import io.logpulse.clean.EventCleaner;
import io.logpulse.clean.LineTriage;
import io.logpulse.config.ConfigException;
import io.logpulse.config.ConfigKey;
import io.logpulse.config.LogPulseConfig;
import io.logpulse.counters.CounterSet;
import io.logpulse.counters.PipelineStatsCounter;
import io.logpulse.ingest.LineId;
import io.logpulse.ingest.LineOrigin;
import io.logpulse.ingest.SourcedLine;
import io.logpulse.sink.BatchLedger;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
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
import org.apache.spark.api.java.function.Function;
import org.apache.spark.streaming.api.java.JavaDStream;
import org.apache.spark.streaming.api.java.JavaInputDStream;
import org.apache.spark.streaming.api.java.JavaStreamingContext;
import org.apache.spark.streaming.kafka010.CanCommitOffsets;
import org.apache.spark.streaming.kafka010.ConsumerStrategies;
import org.apache.spark.streaming.kafka010.HasOffsetRanges;
import org.apache.spark.streaming.kafka010.KafkaUtils;
import org.apache.spark.streaming.kafka010.LocationStrategies;
import org.apache.spark.streaming.kafka010.OffsetRange;

/**
 * The LogPulse DStream graph: a Kafka adapter around {@link #wire}, and the completion of a batch the ledger says
 * is unfinished.
 *
 * <pre>
 * Kafka (direct stream, from the ledger's positions)
 *   -> each record's value and what its headers say of its line (id, server, cut): SourcedLine
 *   -> BatchPipeline, once per batch on the driver (nothing for an empty batch): one pass per partition, the
 *      ledger's start, archive, counters, event-time alerts, day totals, the ledger's finish
 *   -> commit the batch's offsets to Kafka (for lag monitors only)
 * </pre>
 *
 * <p>The graph is built anew at every start, never restored from a checkpoint: settings take effect on restart
 * and a new jar needs no manual step. Where the stream starts, and which batch is replayed first, come from the
 * ledger (sink/EXACTLY-ONCE.md). The checkpoint directory only holds the alert windows' state of this run.
 */
public final class PipelineGraph {

    private PipelineGraph() {
    }

    /**
     * Wires the graph onto a new context, reading Kafka.
     *
     * @param from where each partition's first batch starts; a partition not in it starts at the consumer group's
     *             committed offset (a job of a version before the ledger), else at the earliest offset
     */
    static void create(JavaStreamingContext ssc, LogPulseConfig config, Map<TopicPartition, Long> from,
                       BatchOutputs outputs) {
        // Only RDDs are checkpointed (the alert state's lineage); the graph itself never is, so no DStream
        // checkpoint is written every batch.
        ssc.sparkContext().setCheckpointDir(config.checkpointDir());
        // Assign, not Subscribe: a driver restarted after a crash must not wait for the group to drop the dead
        // member before it can seek to its offsets ("No current assignment for partition").
        JavaInputDStream<ConsumerRecord<String, String>> records = KafkaUtils.createDirectStream(ssc,
                LocationStrategies.PreferConsistent(),
                ConsumerStrategies.<String, String>Assign(partitionsOf(config), kafkaParams(config), from));
        wire(records, new KafkaBatches(records), BatchPipeline.of(config), outputs);
    }

    /**
     * The seam between a source and the pipeline: every batch of {@code batches} goes through {@code pipeline} as
     * the lines and offset ranges {@code source} reads in it, into {@code outputs}; {@code source} hears of each
     * batch finished, also of one without records, so that a position whose commit was lost (an asynchronous
     * commit is not retried) is committed again by the next idle batch instead of staying behind until new
     * records arrive. Once a batch has failed, no later one runs or is committed: the stream's position has moved
     * past the failed batch, so a later batch would start after its records, in the ledger and in the group's
     * offsets; the job stops on the failure and a restart goes on from the ledger. The function runs on the driver
     * and is never serialized: the graph is not checkpointed.
     */
    static <T> void wire(JavaDStream<T> batches, BatchSource<T> source, BatchPipeline pipeline,
                         BatchOutputs outputs) {
        AtomicReference<Throwable> failed = new AtomicReference<>();
        batches.foreachRDD((rdd, time) -> {
            Throwable earlier = failed.get();
            if (earlier != null) {
                throw new IllegalStateException("batch " + time.milliseconds() + " not run: an earlier batch failed ("
                        + earlier + "); the job stops, and a restart goes on from the ledger");
            }
            try {
                pipeline.run(outputs, time.milliseconds(), source.spansOf(rdd), source.linesOf(rdd));
            } catch (Throwable e) {
                failed.compareAndSet(null, e);
                throw e;
            }
            source.finished(rdd);
        });
    }

    /** What the pipeline needs of a source's batches. */
    interface BatchSource<T> {
        /** The batch's offset ranges, in the order of its RDD's partitions. */
        List<BatchLedger.Span> spansOf(JavaRDD<T> rdd);

        /** The batch's lines, partition i holding those of span i. */
        JavaRDD<SourcedLine> linesOf(JavaRDD<T> rdd);

        /** The ledger has the batch finished, or it held no records. */
        void finished(JavaRDD<T> rdd);
    }

    /** Kafka's batches: offset ranges from the direct stream's RDDs, which are committed once finished. */
    private record KafkaBatches(JavaInputDStream<ConsumerRecord<String, String>> records)
            implements BatchSource<ConsumerRecord<String, String>> {
        @Override
        public List<BatchLedger.Span> spansOf(JavaRDD<ConsumerRecord<String, String>> rdd) {
            return PipelineGraph.spansOf(rdd.rdd());
        }

        @Override
        public JavaRDD<SourcedLine> linesOf(JavaRDD<ConsumerRecord<String, String>> rdd) {
            return rdd.map(new RecordLine());
        }

        @Override
        public void finished(JavaRDD<ConsumerRecord<String, String>> rdd) {
            ((CanCommitOffsets) records.inputDStream()).commitAsync(((HasOffsetRanges) rdd.rdd()).offsetRanges());
        }
    }

    /**
     * Completes a batch the ledger recorded and a dead driver did not finish, with exactly its recorded offset
     * ranges and time: its lines, cells and archive files come out as they would have the first time, and rows
     * that had already taken it skip it.
     */
    static BatchPipeline.Written replay(JavaSparkContext spark, LogPulseConfig config, BatchLedger.Batch batch,
                                        BatchOutputs outputs) throws IOException {
        OffsetRange[] ranges = batch.spans().stream()
                .map(s -> OffsetRange.create(s.topic(), s.partition(), s.from(), s.until()))
                .toArray(OffsetRange[]::new);
        JavaRDD<SourcedLine> lines = KafkaUtils.<String, String>createRDD(spark, kafkaParams(config), ranges,
                LocationStrategies.PreferConsistent()).map(new RecordLine());
        return BatchPipeline.of(config).complete(outputs, batch, lines);
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
     * (executors), because the shade plugin relocates Kafka in the lambda's method but not in the signature string
     * its {@code $deserializeLambda$} checks.
     */
    private static final class RecordLine implements Function<ConsumerRecord<String, String>, SourcedLine> {
        private static final long serialVersionUID = 1L;

        @Override
        public SourcedLine call(ConsumerRecord<String, String> record) {
            return new SourcedLine(record.value(), originOf(record.headers()));
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
}
