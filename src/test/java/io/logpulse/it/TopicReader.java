package io.logpulse.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a topic's records between offsets the test marked, without a consumer group. */
public final class TopicReader implements AutoCloseable {
    private final KafkaConsumer<String, String> consumer;
    private final List<TopicPartition> partitions;

    public TopicReader(String bootstrap, String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
        props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 32 << 20);
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
        List<PartitionInfo> infos = consumer.partitionsFor(topic);
        partitions = infos.stream().map(p -> new TopicPartition(topic, p.partition())).collect(Collectors.toList());
        consumer.assign(partitions);
    }

    public Map<TopicPartition, Long> endOffsets() {
        return consumer.endOffsets(partitions);
    }

    public long recordsSince(Map<TopicPartition, Long> start) {
        return endOffsets().entrySet().stream().mapToLong(e -> e.getValue() - start.get(e.getKey())).sum();
    }

    /** All record values from {@code start} up to the current end offsets. */
    public List<String> readFrom(Map<TopicPartition, Long> start) {
        return recordsFrom(start).stream().map(ConsumerRecord::value).collect(Collectors.toList());
    }

    /** All records from {@code start} up to the current end offsets. */
    public List<ConsumerRecord<String, String>> recordsFrom(Map<TopicPartition, Long> start) {
        Map<TopicPartition, Long> end = endOffsets();
        start.forEach(consumer::seek);
        List<ConsumerRecord<String, String>> values = new ArrayList<>();
        long remaining = end.entrySet().stream().mapToLong(e -> e.getValue() - start.get(e.getKey())).sum();
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (remaining > 0 && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                if (record.offset() < end.get(tp)) {
                    values.add(record);
                    remaining--;
                }
            }
        }
        return values;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
