package io.logpulse.job;

import io.logpulse.config.LogPulseConfig;
import io.logpulse.event.JsonString;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.streaming.scheduler.BatchInfo;
import org.apache.spark.streaming.scheduler.StreamingListener;
import org.apache.spark.streaming.scheduler.StreamingListenerBatchCompleted;

/**
 * One status line per completed batch (records, what became of them, timings, alerts) in the driver's log, and
 * the same as a JSON object on the status topic, where a monitor (or the demo) reads it without the driver's log.
 */
final class BatchProgressLog implements StreamingListener {

    private static final Logger LOG = LogManager.getLogger("io.logpulse.status");

    private final KafkaProducer<String, String> producer;
    private final String topic;

    BatchProgressLog(LogPulseConfig config) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrapServers());
        // Status is best effort: a missing topic must not stall the listener thread for a minute.
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        props.put(ProducerConfig.ACKS_CONFIG, "1");
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
        this.topic = config.kafkaStatusTopic();
        Runtime.getRuntime().addShutdownHook(new Thread(producer::close, "status-producer-close"));
    }

    @Override
    public void onBatchCompleted(StreamingListenerBatchCompleted completed) {
        BatchInfo info = completed.batchInfo();
        long batch = info.batchTime().milliseconds();
        String report = BatchReport.take(batch);
        Object processing = millis(info.processingDelay());
        Object delay = millis(info.schedulingDelay());
        LOG.info("batch {} records={} {} processing={}ms scheduling-delay={}ms", batch, info.numRecords(), report,
                processing, delay);
        String json = "{\"batch_time_ms\":" + batch + ",\"records\":" + info.numRecords()
                + ",\"processing_ms\":" + processing + ",\"scheduling_delay_ms\":" + delay
                + ",\"report\":" + JsonString.quote(report) + "}";
        producer.send(new ProducerRecord<>(topic, json), (metadata, error) -> {
            if (error != null) {
                LOG.debug("status not published to {}: {}", topic, error.toString());
            }
        });
    }

    private static Object millis(scala.Option<Object> delay) {
        return delay.isDefined() ? delay.get() : "null";
    }
}
