package io.logpulse.job;

import io.logpulse.config.LogPulseConfig;
import io.logpulse.event.JsonString;
import io.logpulse.sink.BatchLedger;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.streaming.scheduler.BatchInfo;
import org.apache.spark.streaming.scheduler.StreamingListener;
import org.apache.spark.streaming.scheduler.StreamingListenerBatchCompleted;
import org.apache.spark.streaming.scheduler.StreamingListenerBatchStarted;

/**
 * One status line per completed batch (records, what became of them, timings, alerts) in the driver's log, and
 * the same as a JSON object on the status topic, where a monitor (or the demo) reads it without the driver's log.
 * A batch that runs long (a server down, its client retrying) gets a line every {@link #STALL_REPORT_SECONDS}
 * saying so, so an outage shows as waiting, not as silence.
 */
final class BatchProgressLog implements StreamingListener, AutoCloseable {

    private static final Logger LOG = LogManager.getLogger("io.logpulse.status");
    static final int STALL_REPORT_SECONDS = 15;

    private final KafkaProducer<String, String> producer;
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
        String report = BatchReport.take(batch);
        Object processing = millis(info.processingDelay());
        Object delay = millis(info.schedulingDelay());
        LOG.info("batch {} records={} {} processing={}ms scheduling-delay={}ms {}", batch, info.numRecords(), report,
                processing, delay, memory());
        String json = "{\"batch_time_ms\":" + batch + ",\"records\":" + info.numRecords()
                + ",\"processing_ms\":" + processing + ",\"scheduling_delay_ms\":" + delay
                + ",\"report\":" + JsonString.quote(report) + "}";
        try {
            producer.send(new ProducerRecord<>(topic, json), (metadata, error) -> {
                if (error != null) {
                    LOG.debug("status not published to {}: {}", topic, error.toString());
                }
            });
        } catch (IllegalStateException closed) {
            // A batch completing while main closes this on its way out: the log line above has its status.
            LOG.debug("status of batch {} not published: {}", batch, closed.toString());
        }
    }

    /** Called by main once the stream has stopped, not by a shutdown hook racing Spark's graceful stop. */
    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }

    /**
     * This JVM's heap now, its peak since start (the heap pools' peaks summed: an upper bound) and its GC time
     * since start. In local mode the executors run in it too; on YARN, the executors' own figures are in their
     * container logs.
     */
    static String memory() {
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
        return "heap=" + (ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20) + "MB peak-heap="
                + (peak >> 20) + "MB gc-total=" + gcMs + "ms";
    }

    private static Object millis(scala.Option<Object> delay) {
        return delay.isDefined() ? delay.get() : "null";
    }
}
