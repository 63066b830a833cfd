package io.logpulse.dashboard;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Follows one topic on a thread of its own and hands each record's value on: every partition assigned (no consumer
 * group, so the dashboard neither commits offsets nor takes partitions from another reader), starting at the
 * first record written {@code lookBack} ago, or at the end. Kafka being down or the topic missing is waited out,
 * retried every few seconds: the dashboard shows the gap rather than dying. Partitions added later are not read.
 */
final class TopicFollower implements AutoCloseable {

    private static final Logger LOG = LogManager.getLogger(TopicFollower.class);
    private static final Duration RETRY = Duration.ofSeconds(3);
    private static final Duration POLL = Duration.ofMillis(500);

    private final String topic;
    private final Duration lookBack;
    private final Consumer<String> onValue;
    private final Clock clock;
    private final KafkaConsumer<String, String> consumer;
    private final Thread thread;
    private volatile boolean closed;

    TopicFollower(String bootstrapServers, String topic, Duration lookBack, Consumer<String> onValue, Clock clock) {
        this.topic = topic;
        this.lookBack = lookBack;
        this.onValue = onValue;
        this.clock = clock;
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "logpulse-dashboard-" + topic);
        // Metadata calls give up after this, so a stopped broker is retried instead of blocking a minute.
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
        this.thread = new Thread(this::follow, "dashboard-follow-" + topic);
        thread.setDaemon(true);
    }

    TopicFollower start() {
        thread.start();
        return this;
    }

    private void follow() {
        try {
            boolean assigned = false;
            while (!closed) {
                try {
                    if (!assigned) {
                        assigned = assign();
                        if (!assigned) {
                            Thread.sleep(RETRY.toMillis());
                            continue;
                        }
                    }
                    for (ConsumerRecord<String, String> record : consumer.poll(POLL)) {
                        if (record.value() != null) {
                            onValue.accept(record.value());
                        }
                    }
                } catch (WakeupException e) {
                    return;
                } catch (KafkaException e) {
                    LOG.warn("dashboard: reading topic {} failed ({}), retrying in {} s", topic, e.toString(),
                            RETRY.toSeconds());
                    Thread.sleep(RETRY.toMillis());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    /** Assigns every partition and seeks to {@code lookBack} ago; false while the topic has no partitions. */
    private boolean assign() {
        List<PartitionInfo> infos = consumer.partitionsFor(topic);
        if (infos == null || infos.isEmpty()) {
            LOG.warn("dashboard: topic {} has no partitions yet, waiting", topic);
            return false;
        }
        List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        Map<TopicPartition, Long> since = new HashMap<>();
        partitions.forEach(p -> since.put(p, clock.millis() - lookBack.toMillis()));
        consumer.offsetsForTimes(since).forEach((partition, offset) -> {
            if (offset == null) {
                consumer.seekToEnd(List.of(partition));
            } else {
                consumer.seek(partition, offset.offset());
            }
        });
        return true;
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        consumer.wakeup();
        thread.join(5_000);
    }
}
