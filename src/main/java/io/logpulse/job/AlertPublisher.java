package io.logpulse.job;

import io.logpulse.config.LogPulseConfig;
import io.logpulse.rules.Alert;
import io.logpulse.sink.HBaseAlertSink;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Publishes raised alerts from the driver (they are few): the HBase {@code alerts} table, the Kafka alerts topic
 * as JSON keyed by the alert's row key (a replayed batch re-sends the same key, so consumers can de-duplicate),
 * and the log. Created lazily, so it exists again after the driver restarts from its checkpoint.
 */
final class AlertPublisher {

    private static final Logger LOG = LogManager.getLogger("io.logpulse.alerts");
    private static AlertPublisher instance;

    private final KafkaProducer<String, String> producer;
    private final String topic;
    private final HBaseAlertSink hbase;

    private AlertPublisher(LogPulseConfig config) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
        this.topic = config.kafkaAlertsTopic();
        this.hbase = HBaseAlertSink.forPrefix(config.hbaseTablePrefix());
        Runtime.getRuntime().addShutdownHook(new Thread(producer::close, "alert-producer-close"));
    }

    static synchronized AlertPublisher instance(LogPulseConfig config) {
        if (instance == null) {
            instance = new AlertPublisher(config);
        }
        return instance;
    }

    void publish(long batch, List<Alert> alerts) {
        BatchReport.alerted(batch, alerts.size());
        if (alerts.isEmpty()) {
            return;
        }
        hbase.put(alerts);
        for (Alert alert : alerts) {
            producer.send(new ProducerRecord<>(topic, alert.rowKey(), alert.toJson()));
            LOG.warn("ALERT {} key={} count={} > {} in {}s (window end {})", alert.rule(), alert.key(), alert.count(),
                    alert.threshold(), alert.windowSeconds(), alert.windowEndEpochMs());
        }
        producer.flush();
    }
}
