package io.logpulse.job;

import io.logpulse.config.LogPulseConfig;
import io.logpulse.rules.Alert;
import io.logpulse.sink.HBaseAlertSink;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Publishes raised alerts from the driver (they are few): the HBase {@code alerts} table, the Kafka alerts topic
 * as JSON keyed by the alert's row key (a batch sent again re-sends the same key, so consumers can de-duplicate),
 * and the log (the first {@value #LOGGED_PER_BATCH} of a batch). Every send is acknowledged by all in-sync
 * replicas or the batch fails: at-least-once, never silently at-most-once.
 */
final class AlertPublisher implements AutoCloseable {

    private static final Logger LOG = LogManager.getLogger("io.logpulse.alerts");
    /**
     * Alerts logged one by one per batch; a flood (a scan from many addresses, a backlog of hours) is summed up in
     * one line, since writing thousands of log lines took as long as the batch's other alert work.
     */
    private static final int LOGGED_PER_BATCH = 20;

    private final KafkaProducer<String, String> producer;
    private final String topic;
    private final HBaseAlertSink hbase;

    AlertPublisher(LogPulseConfig config, HBaseAlertSink hbase) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
        this.topic = config.kafkaAlertsTopic();
        this.hbase = hbase;
    }

    void publish(long batch, List<Alert> alerts) {
        BatchReport.alerted(batch, alerts.size());
        if (alerts.isEmpty()) {
            return;
        }
        // The sends go out while HBase takes the puts: both are waited for, so the order changes nothing but time.
        List<Future<RecordMetadata>> sends = new ArrayList<>(alerts.size());
        for (Alert alert : alerts) {
            sends.add(producer.send(new ProducerRecord<>(topic, alert.rowKey(), alert.toJson())));
        }
        hbase.put(alerts);
        for (Alert alert : alerts.subList(0, Math.min(LOGGED_PER_BATCH, alerts.size()))) {
            LOG.warn("ALERT {} key={} count={} > {} in {}s (requests {} to {})", alert.rule(), alert.key(),
                    alert.count(), alert.threshold(), alert.windowSeconds(),
                    Instant.ofEpochMilli(alert.windowStartEpochMs()), Instant.ofEpochMilli(alert.windowEndEpochMs()));
        }
        if (alerts.size() > LOGGED_PER_BATCH) {
            LOG.warn("ALERT ... and {} more of this batch, on topic {} and in HBase like every alert",
                    alerts.size() - LOGGED_PER_BATCH, topic);
        }
        for (Future<RecordMetadata> send : sends) {
            try {
                send.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("alert not acknowledged by topic " + topic + ": " + e.getCause(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while sending alerts to " + topic, e);
            }
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
