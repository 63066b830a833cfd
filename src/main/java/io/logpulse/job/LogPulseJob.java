package io.logpulse.job;

import io.logpulse.config.ConfigException;
import io.logpulse.config.ConfigKey;
import io.logpulse.config.LogPulseConfig;
import io.logpulse.sink.BatchLedger;
import java.io.IOException;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.kafka.common.TopicPartition;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.SparkConf;
import org.apache.spark.streaming.Durations;
import org.apache.spark.streaming.api.java.JavaStreamingContext;

/**
 * The LogPulse streaming job.
 *
 * <pre>
 * usage: spark-submit --class io.logpulse.job.LogPulseJob logpulse.jar [--config FILE] [--conf key=value ...]
 * </pre>
 *
 * <p>Settings come from {@code FILE} (default: {@code logpulse.properties} in the working directory, where
 * {@code spark-submit --files} puts it, else the built-in defaults), then {@code -Dlogpulse.*} system properties,
 * then {@code --conf} pairs. A bad setting is reported with its key and the job exits with status 2.
 *
 * <p>At start the job takes the lease on its tables (refusing, with exit status 4, while another job holds it),
 * says which settings changed since the last run, completes the batch the ledger says is unfinished, and goes on
 * from where the ledger says the last batch ended: see sink/EXACTLY-ONCE.md.
 */
public final class LogPulseJob {

    /** Exit status when an output or the stream itself failed (HBase, HDFS or Kafka past their clients' retries). */
    public static final int EXIT_STREAM_FAILED = 5;
    private static final Logger LOG = LogManager.getLogger(LogPulseJob.class);
    private static final String CONCURRENT_JOBS = "spark.streaming.concurrentJobs";

    private LogPulseJob() {
    }

    public static void main(String[] args) throws Exception {
        LogPulseConfig config;
        SparkConf sparkConf;
        try {
            config = LogPulseConfig.fromCommandLine(List.of(args));
            sparkConf = sparkConf(config);
        } catch (ConfigException e) {
            e.exit("logpulse");
            return;
        }
        try (PipelineResources resources = PipelineResources.open(config)) {
            BatchLedger ledger = resources.ledger();
            try {
                ledger.acquire(waiting -> System.err.println("logpulse: " + waiting));
            } catch (BatchLedger.LeaseHeldException e) {
                System.err.println("logpulse: " + e.getMessage());
                System.exit(PipelineResources.EXIT_LEASE_LOST);
                return;
            }
            resources.keepLease(config.leaseTimeout());
            LOG.info("lease on the tables taken by {}", ledger.owner());
            reportChangedSettings(ledger, config);
            emptyCheckpoint(config.checkpointDir());

            JavaStreamingContext ssc = new JavaStreamingContext(sparkConf,
                    Durations.seconds(config.batchInterval().toSeconds()));
            Optional<BatchLedger.Batch> unfinished = ledger.unfinished();
            if (unfinished.isPresent()) {
                BatchLedger.Batch batch = unfinished.get();
                System.err.println("logpulse: completing batch " + batch.seq() + " (" + batch.spans().stream()
                        .mapToLong(BatchLedger.Span::count).sum() + " records) that the last run started");
                BatchPipeline.Written written = PipelineGraph.replay(ssc.sparkContext(), config, batch, resources);
                ledger.finish(batch);
                LOG.info("batch {} completed: {} rows applied, {} already had it", batch.seq(), written.rowsApplied(),
                        written.rowsSkipped());
            }
            Map<TopicPartition, Long> from;
            try {
                from = startOffsets(config.kafkaTopic(), PipelineGraph.partitionsOf(config),
                        config.startsAtLedger() ? ledger.positions() : Map.of());
            } catch (ConfigException e) {
                ssc.stop(true, false);
                e.exit("logpulse");
                return;
            }
            if (!from.isEmpty()) {
                PipelineGraph.commitToGroup(config, from);
            }
            LOG.info("starting the stream at {}", from.isEmpty() ? "the group's committed offsets" : from);
            PipelineGraph.create(ssc, config, from, resources);
            try (BatchProgressLog progress = new BatchProgressLog(config)) {
                ssc.addStreamingListener(progress);
                ssc.start();
                try {
                    ssc.awaitTermination();
                } catch (Exception e) { // Scala code: the first error of an output or of generating a batch
                    LOG.error("the stream failed; stopping. A restart completes the unfinished batch and goes on", e);
                    System.err.println("logpulse: the stream failed: " + rootCause(e) + ". Start the job again: it"
                            + " completes the unfinished batch and goes on (its log above has the whole error).");
                    ssc.stop(true, false);
                    System.exit(EXIT_STREAM_FAILED);
                }
            }
            ledger.release();
        }
    }

    private static String rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.toString();
    }

    private static SparkConf sparkConf(LogPulseConfig config) {
        SparkConf sparkConf = new SparkConf().setAppName(config.appName())
                .setIfMissing("spark.streaming.stopGracefullyOnShutdown", "true");
        if (sparkConf.getInt(CONCURRENT_JOBS, 1) != 1) {
            // The ledger starts batch n+1 only once batch n has finished: batches in parallel would break that.
            throw new ConfigException(null, CONCURRENT_JOBS + "=" + sparkConf.get(CONCURRENT_JOBS)
                    + ": LogPulse runs one batch at a time (its batch ledger needs it); remove the setting");
        }
        if (config.kafkaMaxRatePerPartition() > 0) {
            sparkConf.set("spark.streaming.kafka.maxRatePerPartition",
                    String.valueOf(config.kafkaMaxRatePerPartition()));
        }
        return sparkConf;
    }

    /** Says which settings differ from the last run's, then saves these as the last run's. */
    private static void reportChangedSettings(BatchLedger ledger, LogPulseConfig config) throws IOException {
        Map<String, String> now = new TreeMap<>(config.asMap());
        Optional<String> saved = ledger.settings();
        if (saved.isPresent()) {
            Map<String, String> before = new TreeMap<>();
            for (String line : saved.get().split("\n")) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    before.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
            TreeSet<String> keys = new TreeSet<>(before.keySet());
            keys.addAll(now.keySet());
            for (String key : keys) {
                String was = before.getOrDefault(key, "(not set)");
                String is = now.getOrDefault(key, "(not set)");
                if (!was.equals(is)) {
                    System.err.println("logpulse: setting changed since the last run: " + key + ": " + was + " -> "
                            + is);
                }
            }
        }
        StringBuilder text = new StringBuilder();
        now.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
        ledger.saveSettings(text.toString());
    }

    /**
     * Each partition of the configured topic starts where the ledger says its last batch ended. Partitions can be
     * added (a new one starts at its beginning) but not removed: offsets the ledger holds for a partition that is
     * gone could never be honoured.
     */
    static Map<TopicPartition, Long> startOffsets(String topic, List<TopicPartition> partitions,
                                                  Map<String, Long> positions) {
        Map<TopicPartition, Long> from = new HashMap<>();
        for (TopicPartition partition : partitions) {
            Long next = positions.get(partition.topic() + "/" + partition.partition());
            if (next != null) {
                from.put(partition, next);
            }
        }
        for (String known : positions.keySet()) {
            if (known.substring(0, known.lastIndexOf('/')).equals(topic) && partitions.stream()
                    .noneMatch(p -> known.equals(p.topic() + "/" + p.partition()))) {
                throw new ConfigException(ConfigKey.KAFKA_TOPIC.key(), "topic '" + topic + "' has "
                        + partitions.size() + " partitions now, but the batch ledger holds offsets for " + known
                        + ": partitions cannot be removed from a topic the job has read. Recreate the partition, or"
                        + " give the job another logpulse.hbase.table.prefix");
            }
        }
        return from;
    }

    /** The checkpoint is never read back; what an earlier run (or version) left there is removed. */
    private static void emptyCheckpoint(String dir) throws IOException {
        FileSystem fs = FileSystem.get(URI.create(dir), new Configuration());
        Path path = new Path(dir);
        if (fs.exists(path)) {
            fs.delete(path, true);
            LOG.info("emptied the checkpoint directory {} (the job goes on from its batch ledger)", dir);
        }
    }
}
