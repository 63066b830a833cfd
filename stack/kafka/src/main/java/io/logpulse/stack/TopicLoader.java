package io.logpulse.stack;

import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Pre-loads a topic with the lines of log files, as fast as the broker takes them (for benchmarks). Each line is
 * keyed by its number, so the key's hash spreads the lines evenly over the partitions in their order. Unkeyed, the
 * producer sticks to one partition per batch of records, the partitions fill unevenly, and a job's batch that takes
 * as many from each reaches further into the request times of one partition than of the others: in one bench the
 * job then took 177,525 of a 500,000-line batch as late, in the run before it none.
 *
 * <p>Usage: {@code TopicLoader <bootstrap> <topic> <file>...}
 */
public final class TopicLoader {
    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: TopicLoader <bootstrap> <topic> <file>...");
            System.exit(2);
        }
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        long lines = 0;
        long started = System.nanoTime();
        try (KafkaProducer<String, String> producer =
                         new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            for (int i = 2; i < args.length; i++) {
                try (BufferedReader reader = Files.newBufferedReader(Path.of(args[i]), StandardCharsets.UTF_8)) {
                    String line;
                    while ((line = reader.readLine()) != null) {
                        producer.send(new ProducerRecord<>(args[1], Long.toString(lines), line));
                        lines++;
                    }
                }
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf(Locale.ROOT, "loaded %,d lines in %.1f s (%,.0f lines/s)%n", lines, seconds, lines / seconds);
    }

    private TopicLoader() {}
}
