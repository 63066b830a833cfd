package io.logpulse.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/** Generator → files → Flume (TAILDIR, file channel, Kafka sink) → Kafka, and log4j 2 → Flume avro → Kafka. */
public class IngestIT {
    private static TopicReader topic;
    private static Path tailDir;

    @BeforeClass
    public static void stack() {
        LocalStack.start();
        topic = new TopicReader(LocalStack.env().get("KAFKA_BOOTSTRAP"), "access-logs");
        tailDir = Path.of(LocalStack.env().get("TAIL_DIR"));
    }

    @AfterClass
    public static void closeTopic() {
        topic.close();
    }

    @Test
    public void everyGeneratedLineReachesKafkaExactlyOnceAcrossRotations() throws Exception {
        Map<TopicPartition, Long> start = topic.endOffsets();
        Set<Path> before = logFiles();
        LocalStack.run(Map.of(), "generate", "--count", "200000", "--max-file-mb", "10", "--seed", "7").expectSuccess();
        Set<Path> written = logFiles();
        written.removeAll(before);
        assertTrue("expected at least one rotation, got files " + written, written.size() >= 2);

        Map<String, Integer> expected = multiset(linesOf(written));
        List<String> delivered = drain(start, 200_000);

        Comparison c = compare(expected, multiset(delivered));
        System.out.printf("ingest: %d lines in %d files, %d delivered, %d missing, %d extra%n", 200_000,
                written.size(), delivered.size(), c.missing, c.extra);
        assertEquals("lines missing in Kafka", 0, c.missing);
        assertEquals("lines extra in Kafka", 0, c.extra);
        assertEquals(200_000, delivered.size());
        assertAFilesLinesComeInRunsOfItsKeySpan(topic.recordsFrom(start));
    }

    /**
     * Each record is keyed by its file and MiB of that file, so one partition holds a span's lines: the job then
     * keeps a few byte ranges per file and partition. Without the key, the two sinks split a file nearly line by line.
     */
    private static void assertAFilesLinesComeInRunsOfItsKeySpan(List<ConsumerRecord<String, String>> records) {
        Map<String, Integer> partitionOfKey = new HashMap<>();
        Map<String, TreeMap<Long, Integer>> partitionByLine = new HashMap<>();
        assertEquals("records with a line id", records.size(),
                records.stream().filter(record -> record.headers().lastHeader("logpulse.source") != null).count());
        for (ConsumerRecord<String, String> record : records) {
            String source = header(record, "logpulse.source");
            long start = Long.parseLong(header(record, "logpulse.line").split("-")[0]);
            assertEquals("the key of the line at " + start + " of " + source, source + "/" + (start >> 20), record.key());
            Integer known = partitionOfKey.putIfAbsent(record.key(), record.partition());
            assertEquals("partition of key " + record.key(), known == null ? record.partition() : known,
                    record.partition());
            partitionByLine.computeIfAbsent(source, s -> new TreeMap<>()).put(start, record.partition());
        }
        long runs = 0;
        for (TreeMap<Long, Integer> file : partitionByLine.values()) {
            Integer previous = null;
            for (int partition : file.values()) {
                runs += previous == null || previous != partition ? 1 : 0;
                previous = partition;
            }
        }
        assertTrue(runs + " runs of one partition for " + partitionOfKey.size() + " keys",
                runs <= partitionOfKey.size());
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    @Test
    public void aFlumeAgentKilledMidStreamLosesNothing() throws Exception {
        Map<TopicPartition, Long> start = topic.endOffsets();
        Set<Path> before = logFiles();
        Process generator = LocalStack.command("generate", "--rate", "20000", "--count", "200000", "--max-file-mb", "8",
                "--seed", "11").redirectOutput(LocalStack.STATE.resolve("logs/it-generator.log").toFile())
                .start();
        try {
            assertTrue("Flume delivered nothing before the kill",
                    LocalStack.await(Duration.ofSeconds(60), () -> topic.recordsSince(start) >= 40_000));
            ProcessHandle flume = ProcessHandle.of(LocalStack.pidOf("flume")).orElseThrow();
            flume.destroyForcibly();
            flume.onExit().get(30, TimeUnit.SECONDS);
            System.out.println("ingest: killed Flume (SIGKILL) after " + topic.recordsSince(start) + " records");
            LocalStack.run(Map.of(), "stack", "start").expectSuccess();
            assertTrue(generator.waitFor(5, TimeUnit.MINUTES));
            assertEquals(0, generator.exitValue());
        } finally {
            generator.destroyForcibly();
        }
        Set<Path> written = logFiles();
        written.removeAll(before);
        Map<String, Integer> expected = multiset(linesOf(written));
        List<String> delivered = drain(start, 200_000);

        Comparison c = compare(expected, multiset(delivered));
        System.out.printf("ingest after SIGKILL: %d lines written, %d delivered, %d missing, %d duplicates%n",
                200_000, delivered.size(), c.missing, c.extra);
        assertEquals("lines lost across the Flume crash", 0, c.missing);
        assertEquals("duplicates must be repeats of written lines only", delivered.size() - 200_000, c.extra);
    }

    @Test
    public void log4jFlumeAppenderEventsReachKafkaThroughTheAvroSource() throws Exception {
        Map<TopicPartition, Long> start = topic.endOffsets();
        int events = 20_000;
        LocalStack.run(Map.of(), "generate", "--flume", LocalStack.env().get("FLUME_AVRO"), "--count",
                String.valueOf(events), "--format", "json", "--seed", "3").expectSuccess();
        List<String> delivered = drain(start, events);
        assertEquals(events, delivered.size());
        assertEquals(events, delivered.stream().filter(l -> l.startsWith("{\"server\":\"s_v") && l.endsWith("\"}"))
                .count());
    }

    /** Waits for at least {@code expected} records and an idle agent, then reads everything since start. */
    private static List<String> drain(Map<TopicPartition, Long> start, long expected) {
        assertTrue("Kafka got " + topic.recordsSince(start) + " of " + expected + " records",
                LocalStack.await(Duration.ofMinutes(4), () -> topic.recordsSince(start) >= expected));
        assertTrue("Flume's channels did not drain", LocalStack.await(Duration.ofMinutes(1),
                () -> FlumeMetrics.channelSize("tailch") == 0 && FlumeMetrics.channelSize("avroch") == 0));
        return topic.readFrom(start);
    }

    private static Set<Path> logFiles() throws IOException {
        try (Stream<Path> files = Files.list(tailDir)) {
            return files.filter(p -> p.getFileName().toString().matches("access-.*\\.log"))
                    .collect(Collectors.toSet());
        }
    }

    private static List<String> linesOf(Set<Path> files) throws IOException {
        List<String> lines = new ArrayList<>();
        for (Path file : files) {
            lines.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
        }
        return lines;
    }

    private static Map<String, Integer> multiset(List<String> lines) {
        Map<String, Integer> counts = new HashMap<>();
        lines.forEach(l -> counts.merge(l, 1, Integer::sum));
        return counts;
    }

    private record Comparison(long missing, long extra) {}

    private static Comparison compare(Map<String, Integer> expected, Map<String, Integer> actual) {
        long missing = 0;
        long extra = 0;
        for (Map.Entry<String, Integer> e : expected.entrySet()) {
            missing += Math.max(0, e.getValue() - actual.getOrDefault(e.getKey(), 0));
        }
        for (Map.Entry<String, Integer> e : actual.entrySet()) {
            extra += Math.max(0, e.getValue() - expected.getOrDefault(e.getKey(), 0));
        }
        return new Comparison(missing, extra);
    }
}
