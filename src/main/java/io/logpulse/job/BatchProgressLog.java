package io.logpulse.job;

import io.logpulse.config.LogPulseConfig;
import io.logpulse.sink.BatchLedger;
import io.logpulse.status.BatchStatus;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.streaming.kafka010.OffsetRange;
import org.apache.spark.streaming.scheduler.BatchInfo;
import org.apache.spark.streaming.scheduler.StreamingListener;
import org.apache.spark.streaming.scheduler.StreamingListenerBatchCompleted;
import org.apache.spark.streaming.scheduler.StreamingListenerBatchStarted;
import org.apache.spark.streaming.scheduler.StreamInputInfo;
import scala.Option;
import scala.collection.JavaConverters;

/**
 * One status line per completed batch (records, what became of them, timings, alerts) in the driver's log, and
 * the same as a {@link BatchStatus} on the status topic, where a monitor (or the demo) reads it without the driver's log.
 * A batch that runs long (a server down, its client retrying) gets a line every {@link #STALL_REPORT_SECONDS}
 * saying so, so an outage shows as waiting, not as silence.
 */
final class BatchProgressLog implements StreamingListener, AutoCloseable {

    private static final Logger LOG = LogManager.getLogger("io.logpulse.status");
    static final int STALL_REPORT_SECONDS = 15;

    private static final long OFFSETS_TIMEOUT_MS = 2_000;

    private final KafkaProducer<String, String> producer;
    private final Admin admin;
    private final String topic;
    private volatile long runningBatch = -1;
    private volatile long runningSinceMs;

    BatchProgressLog(LogPulseConfig config) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrapServers());
        // Status is best effort: a missing topic must not stall the listener thread for a minute.
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        props.put(ProducerConfig.ACKS_CONFIG, "1");
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrapServers());
        adminProps.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) OFFSETS_TIMEOUT_MS);
        adminProps.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) OFFSETS_TIMEOUT_MS);
        this.admin = Admin.create(adminProps);
        this.topic = config.kafkaStatusTopic();
        ScheduledExecutorService watch = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "batch-stall-watch");
            thread.setDaemon(true);
            return thread;
        });
        watch.scheduleWithFixedDelay(this::reportStall, STALL_REPORT_SECONDS, STALL_REPORT_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public void onBatchStarted(StreamingListenerBatchStarted started) {
        runningSinceMs = System.currentTimeMillis();
        runningBatch = started.batchInfo().batchTime().milliseconds();
    }

    private void reportStall() {
        long batch = runningBatch;
        long seconds = (System.currentTimeMillis() - runningSinceMs) / 1000;
        if (batch >= 0 && seconds >= STALL_REPORT_SECONDS) {
            BatchLedger.Batch entry = BatchReport.batchOf(batch);
            LOG.warn("batch {}{} still running after {} s: waiting on HBase, HDFS or Kafka, whose clients retry",
                    batch, entry == null ? "" : " (seq " + entry.seq() + ")", seconds);
        }
    }

    @Override
    public void onBatchCompleted(StreamingListenerBatchCompleted completed) {
        BatchInfo info = completed.batchInfo();
        long batch = info.batchTime().milliseconds();
        runningBatch = -1;
        long[] kafka = kafkaEndAndLag(info);
        Memory memory = Memory.now();
        BatchStatus status = BatchReport.take(batch, new BatchReport.Completed(info.numRecords(),
                millis(info.processingDelay()), millis(info.schedulingDelay()), kafka[0], kafka[1], memory.heapMb(),
                memory.peakHeapMb(), memory.gcMs()));
        LOG.info("{}{}", status.logLine(), BatchReport.takeTotals(batch));
        try {
            producer.send(new ProducerRecord<>(topic, status.toJson()), (metadata, error) -> {
                if (error != null) {
                    LOG.debug("status not published to {}: {}", topic, error.toString());
                }
            });
        } catch (IllegalStateException closed) {
            // A batch completing while main closes this on its way out: the log line above has its status.
            LOG.debug("status of batch {} not published: {}", batch, closed.toString());
        }
    }

    /**
     * The input topic's end offsets summed, and the records between them and the end of this batch's offset
     * ranges (what the direct stream reports in the batch's input info); {@link BatchStatus#UNKNOWN} for both when
     * the batch names no ranges or Kafka does not answer within {@link #OFFSETS_TIMEOUT_MS}.
     */
    private long[] kafkaEndAndLag(BatchInfo info) {
        long until = 0;
        Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
        for (StreamInputInfo input : JavaConverters.asJavaCollection(info.streamIdToInputInfo().values())) {
            Option<Object> offsets = input.metadata().get("offsets");
            if (offsets.isDefined() && offsets.get() instanceof scala.collection.Seq<?> ranges) {
                for (Object range : JavaConverters.seqAsJavaList(ranges)) {
                    if (range instanceof OffsetRange offsetRange) {
                        until += offsetRange.untilOffset();
                        partitions.put(offsetRange.topicPartition(), OffsetSpec.latest());
                    }
                }
            }
        }
        if (partitions.isEmpty()) {
            return new long[] {BatchStatus.UNKNOWN, BatchStatus.UNKNOWN};
        }
        try {
            long end = admin.listOffsets(partitions).all().get(OFFSETS_TIMEOUT_MS, TimeUnit.MILLISECONDS).values()
                    .stream().mapToLong(ListOffsetsResult.ListOffsetsResultInfo::offset).sum();
            return new long[] {end, Math.max(0, end - until)};
        } catch (ExecutionException | TimeoutException e) {
            LOG.debug("end offsets not read for the status: {}", e.toString());
            return new long[] {BatchStatus.UNKNOWN, BatchStatus.UNKNOWN};
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new long[] {BatchStatus.UNKNOWN, BatchStatus.UNKNOWN};
        }
    }

    /** Called by main once the stream has stopped, not by a shutdown hook racing Spark's graceful stop. */
    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
        admin.close(Duration.ofSeconds(5));
    }

    /**
     * This JVM's heap now, its peak since start (the heap pools' peaks summed: an upper bound) and its GC time
     * since start. In local mode the executors run in it too; on YARN, the executors' own figures are in their
     * container logs.
     */
    record Memory(long heapMb, long peakHeapMb, long gcMs) {
        static Memory now() {
            long peak = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    peak += pool.getPeakUsage().getUsed();
                }
            }
            long gcMs = 0;
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                gcMs += Math.max(0, gc.getCollectionTime());
            }
            return new Memory(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20, peak >> 20,
                    gcMs);
        }
    }

    private static long millis(Option<Object> delay) {
        return delay.isDefined() ? (Long) delay.get() : BatchStatus.UNKNOWN;
    }
}
