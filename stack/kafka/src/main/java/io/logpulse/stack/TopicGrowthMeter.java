package io.logpulse.stack;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Measures how fast records arrive in a topic: from the first new record to the expected count, by polling the
 * partitions' end offsets every 100 ms. Prints progress every second and a final rate.
 *
 * <p>Usage: {@code TopicGrowthMeter <bootstrap> <topic> <expected records> <timeout seconds>}; exit 1 on timeout.
 */
public final class TopicGrowthMeter {
    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: TopicGrowthMeter <bootstrap> <topic> <expected records> <timeout seconds>");
            System.exit(2);
        }
        long expected = Long.parseLong(args[2]);
        long timeoutNanos = Long.parseLong(args[3]) * 1_000_000_000L;
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
        try (KafkaConsumer<byte[], byte[]> consumer =
                         new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(args[1]).stream()
                    .map(p -> new TopicPartition(args[1], p.partition())).collect(Collectors.toList());
            long base = sum(consumer.endOffsets(partitions));
            System.out.println("ready");
            long started = System.nanoTime();
            long first = 0;
            long nextReport = started + 1_000_000_000L;
            long lastCount = 0;
            while (true) {
                long now = System.nanoTime();
                long count = sum(consumer.endOffsets(partitions)) - base;
                if (count > 0 && first == 0) {
                    first = now;
                }
                if (count >= expected) {
                    double seconds = (now - first) / 1e9;
                    System.out.printf(Locale.ROOT, "arrived %,d records in %.2f s from the first: %,.0f records/s%n", count,
                            seconds, count / Math.max(seconds, 1e-3));
                    return;
                }
                if (now - started > timeoutNanos) {
                    System.out.printf(Locale.ROOT, "timed out with %,d of %,d records%n", count, expected);
                    System.exit(1);
                }
                if (now >= nextReport) {
                    System.err.printf(Locale.ROOT, "  kafka: %,d of %,d records (%,d/s)%n", count, expected, count - lastCount);
                    lastCount = count;
                    nextReport = now + 1_000_000_000L;
                }
                Thread.sleep(100);
            }
        }
    }

    private static long sum(Map<TopicPartition, Long> offsets) {
        return offsets.values().stream().mapToLong(Long::longValue).sum();
    }

    private TopicGrowthMeter() {}
}
