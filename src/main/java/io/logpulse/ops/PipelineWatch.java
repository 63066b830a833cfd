package io.logpulse.ops;

import io.logpulse.status.BatchStatus;
import io.logpulse.status.JsonValue;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Watches a running pipeline from Kafka alone: lines arriving in the input topic, the job's lag (its committed
 * offsets, which it commits after every output of a batch), its batch statuses ({@link BatchStatus}, read typed)
 * and its alerts. It reads statuses and alerts from the moment it starts; each {@link #poll} waits up to the given
 * time for them and returns a {@link PipelineSample}, whose rates are taken over the last 10 s because Flume
 * delivers in bursts and a status record ends a poll early.
 */
final class PipelineWatch implements AutoCloseable {

    private static final long RATE_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(30);

    private final PipelineTopics topics;
    private final Admin admin;
    private final KafkaConsumer<String, String> consumer;
    private final List<TopicPartition> input;
    private final long startSum;
    /** {time, lines arrived, lines the job committed (-1: not read yet)}: the job's rate next to the input's. */
    private final ArrayDeque<long[]> samples = new ArrayDeque<>();
    private final List<String> alerts = new ArrayList<>();
    private BatchStatus lastBatch;

    /**
     * Starts watching. With {@code seekGroupToEnd} it first commits the input topic's end offsets for the (new, idle)
     * group, so a job started on it reads only what arrives from now on.
     */
    PipelineWatch(PipelineTopics topics, boolean seekGroupToEnd) {
        this.topics = topics;
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, topics.bootstrap());
        admin = Admin.create(props);
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
        try {
            input = partitions(topics.input());
            Map<TopicPartition, Long> start = consumer.endOffsets(input);
            if (seekGroupToEnd) {
                Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                start.forEach((p, offset) -> offsets.put(p, new OffsetAndMetadata(offset)));
                admin.alterConsumerGroupOffsets(topics.group(), offsets).all().get(30, TimeUnit.SECONDS);
            }
            List<TopicPartition> watched = new ArrayList<>(partitions(topics.status()));
            watched.addAll(partitions(topics.alerts()));
            consumer.assign(watched);
            consumer.seekToEnd(watched);
            watched.forEach(consumer::position);
            startSum = sum(start);
            samples.add(new long[] {System.nanoTime(), startSum, -1});
        } catch (InterruptedException | ExecutionException | TimeoutException | RuntimeException e) {
            close();
            throw new IllegalStateException("watching Kafka at " + topics.bootstrap() + " failed: " + e, e);
        }
    }

    /** Reads what arrived for up to {@code wait}, then measures the input topic and the group's offsets. */
    PipelineSample poll(Duration wait) throws InterruptedException, ExecutionException, TimeoutException {
        for (ConsumerRecord<String, String> record : consumer.poll(wait)) {
            if (record.topic().equals(topics.alerts())) {
                alerts.add(record.value());
            } else {
                lastBatch = BatchStatus.fromJson(record.value());
            }
        }
        long now = System.nanoTime();
        long end = sum(consumer.endOffsets(input));
        long committed = admin.listConsumerGroupOffsets(topics.group()).partitionsToOffsetAndMetadata()
                .get(30, TimeUnit.SECONDS).entrySet().stream()
                .filter(e -> e.getKey().topic().equals(topics.input()) && e.getValue() != null)
                .mapToLong(e -> e.getValue().offset()).sum();
        samples.add(new long[] {now, end, committed});
        while (samples.size() > 2 && now - samples.peekFirst()[0] > RATE_WINDOW_NANOS) {
            samples.removeFirst();
        }
        long[] first = samples.peekFirst();
        long nanos = Math.max(1, now - first[0]);
        long jobRate = first[2] < 0 ? BatchStatus.UNKNOWN : (committed - first[2]) * 1_000_000_000L / nanos;
        return new PipelineSample(end - startSum, (end - first[1]) * 1_000_000_000L / nanos, jobRate,
                Math.max(0, end - committed), lastBatch);
    }

    /** The alerts (their JSON) read since the last call. */
    List<String> takeAlerts() {
        List<String> taken = List.copyOf(alerts);
        alerts.clear();
        return taken;
    }

    /** {@code rule key: count > threshold in W s} of an alert's JSON. */
    static String describeAlert(String json) {
        Map<String, Object> alert = JsonValue.object(json);
        return alert.get("rule") + " " + alert.get("key") + ": " + alert.get("count") + " > " + alert.get("threshold")
                + " in " + alert.get("window_seconds") + " s";
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
        admin.close(Duration.ofSeconds(5));
    }

    private List<TopicPartition> partitions(String topic) {
        return consumer.partitionsFor(topic, KAFKA_TIMEOUT).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
    }

    private static long sum(Map<TopicPartition, Long> offsets) {
        return offsets.values().stream().mapToLong(Long::longValue).sum();
    }
}
