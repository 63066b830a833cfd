package io.logpulse.stack;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Watches a running pipeline from Kafka alone: lines arriving in the input topic, the job's lag (its committed
 * offsets, which it commits after every output of a batch), its per-batch status and its alerts.
 *
 * <p>Usage: {@code PipelineWatch <bootstrap> <topic> <group> <status topic> <alerts topic> <expected> [--seek-to-end]}.
 * {@code --seek-to-end} first commits the topic's end offsets for the (new, idle) group, so a job started on it
 * reads only what arrives from now on. Prints {@code ready}, then a status line every 2 s and one line per alert;
 * with {@code expected > 0} it exits 0 after printing {@code drained} once that many new lines arrived and the group
 * has committed all of them.
 */
public final class PipelineWatch {
  private static final long RATE_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(10);
  private static final Pattern FIELD = Pattern.compile("\"(records|processing_ms|scheduling_delay_ms)\":(\\w+)");

  public static void main(String[] args) throws Exception {
    if (args.length < 6) {
      System.err.println("usage: PipelineWatch <bootstrap> <topic> <group> <status topic> <alerts topic> <expected>"
          + " [--seek-to-end]");
      System.exit(2);
    }
    String topic = args[1];
    String group = args[2];
    long expected = Long.parseLong(args[5]);
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
    try (Admin admin = Admin.create(props);
         KafkaConsumer<String, String> consumer =
             new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
      List<TopicPartition> input = partitions(consumer, topic);
      Map<TopicPartition, Long> start = consumer.endOffsets(input);
      if (args.length > 6 && args[6].equals("--seek-to-end")) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        start.forEach((p, offset) -> offsets.put(p, new OffsetAndMetadata(offset)));
        admin.alterConsumerGroupOffsets(group, offsets).all().get(30, TimeUnit.SECONDS);
      }
      List<TopicPartition> watched = new ArrayList<>(partitions(consumer, args[3]));
      watched.addAll(partitions(consumer, args[4]));
      consumer.assign(watched);
      consumer.seekToEnd(watched);
      watched.forEach(consumer::position);
      long startSum = sum(start);
      System.out.println("ready: " + topic + " at offset " + startSum);

      // Flume delivers in bursts and a status record ends a poll early: the rate is taken over the last 10 s.
      ArrayDeque<long[]> samples = new ArrayDeque<>();
      // {time, lines arrived, lines the job committed}: the job's rate next to the input's.
      samples.add(new long[] {System.nanoTime(), startSum, -1});
      String batch = "none yet (the job is starting)";
      while (true) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofSeconds(2))) {
          if (record.topic().equals(args[4])) {
            System.out.println("ALERT " + record.value());
          } else {
            batch = describe(record.value());
          }
        }
        long now = System.nanoTime();
        long end = sum(consumer.endOffsets(input));
        long committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
            .get(30, TimeUnit.SECONDS).entrySet().stream()
            .filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
            .mapToLong(e -> e.getValue().offset()).sum();
        samples.add(new long[] {now, end, committed});
        while (samples.size() > 2 && now - samples.peekFirst()[0] > RATE_WINDOW_NANOS) {
          samples.removeFirst();
        }
        long[] first = samples.peekFirst();
        long nanos = Math.max(1, now - first[0]);
        long rate = (end - first[1]) * 1_000_000_000L / nanos;
        String jobRate = first[2] < 0 ? "-" : String.format("%,d/s", (committed - first[2]) * 1_000_000_000L / nanos);
        System.out.printf("in: %,d lines (%,d/s) | job: %s | kafka lag: %,d | last batch: %s%n", end - startSum,
            rate, jobRate, Math.max(0, end - committed), batch);
        if (expected > 0 && end - startSum >= expected && committed >= end) {
          System.out.printf("drained: %,d lines arrived and were committed by group %s%n", end - startSum, group);
          return;
        }
      }
    }
  }

  private static String describe(String status) {
    Map<String, String> fields = new HashMap<>();
    Matcher m = FIELD.matcher(status);
    while (m.find()) {
      fields.put(m.group(1), m.group(2));
    }
    return fields.get("records") + " records, processing " + fields.get("processing_ms") + " ms, scheduling delay "
        + fields.get("scheduling_delay_ms") + " ms";
  }

  private static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic) {
    return consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
        .map(p -> new TopicPartition(topic, p.partition())).collect(Collectors.toList());
  }

  private static long sum(Map<TopicPartition, Long> offsets) {
    return offsets.values().stream().mapToLong(Long::longValue).sum();
  }
}
