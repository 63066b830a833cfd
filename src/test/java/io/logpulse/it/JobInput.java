package io.logpulse.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A generated access log (the generator's scenarios on) with blacklisted and unparseable lines mixed in, and its
 * independent {@link Recount}: the input of the job tests, which compare every HBase counter with that recount.
 */
final class JobInput {
    static final String BLACKLISTED_IP = "198.51.100.7";
    static final List<String> COUNTER_TABLES = List.of("product_clickcount", "product_search_clickcount",
            "country_success_count", "host_stats");

    final List<String> lines = new ArrayList<>();
    final int garbage;
    final Recount recount;

    /** {@code combined} nginx lines (request time + host) and {@code json} JSON lines, then the bad ones. */
    JobInput(String run, int combined, int json, int blacklisted, int garbage) throws IOException {
        this(run, combined, 0, json, blacklisted, garbage, "UNKNOWN");
    }

    /**
     * @param plain            plain nginx combined lines, without a host: the job counts them under their server
     * @param serverOfHostless that server's name, as the job learns it (the Flume agent's host)
     */
    JobInput(String run, int combined, int plain, int json, int blacklisted, int garbage, String serverOfHostless)
            throws IOException {
        this.garbage = garbage;
        this.recount = new Recount(Set.of(BLACKLISTED_IP), serverOfHostless);
        Path dir = LocalStack.STATE.resolve("job-input-" + run);
        generate(dir.resolve("a"), combined, "combined-ext", 5);
        generate(dir.resolve("p"), plain, "combined", 7);
        generate(dir.resolve("b"), json, "json", 6);
        Random random = new Random(13);
        for (int i = 0; i < blacklisted; i++) {
            int at = random.nextInt(combined);
            lines.set(at, BLACKLISTED_IP + lines.get(at).substring(lines.get(at).indexOf(' ')));
        }
        for (int i = 0; i < garbage; i++) {
            lines.add(random.nextInt(lines.size()), switch (i % 4) {
                case 0 -> "garbage " + i;
                case 1 -> "1.2.3.4\t2020-38-05/27/20 09:38:29\t\"GET /product/1.html HTTP/1.1\"\t500\t-";
                case 2 -> "{\"server\":\"s1\",\"client_ip\":\"not-an-ip\",\"status\":\"200\"}";
                // A scanner's binary request is a request (it counts); a status out of HTTP's range is not.
                default -> "10.0.0.1 - - [21/Nov/2026:10:00:00 +0000] \"GET / HTTP/1.1\" 99 0 \"-\" \"-\"";
            });
        }
        lines.forEach(recount::add);
        assertEquals("the recount must reject exactly the injected garbage", garbage, recount.unparsed);
    }

    private JobInput(List<String> given) {
        this.garbage = 0;
        this.recount = new Recount(Set.of(BLACKLISTED_IP));
        lines.addAll(given);
        lines.forEach(recount::add);
    }

    /** The given lines as they are, none of them garbage. */
    static JobInput of(List<String> lines) {
        return new JobInput(lines);
    }

    private void generate(Path dir, int count, String format, int seed) throws IOException {
        if (count == 0) {
            return;
        }
        LocalStack.run(Map.of(), "generate", "--dir", dir.toString(), "--count", String.valueOf(count),
                "--format", format, "--seed", String.valueOf(seed), "--scenarios").expectSuccess();
        try (var files = Files.list(dir)) {
            for (Path file : files.sorted().toList()) {
                lines.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
            }
        }
    }

    /** A blacklist file naming {@link #BLACKLISTED_IP}, for {@code logpulse.blacklist.file}. */
    Path blacklistFile(String run) throws IOException {
        Path file = LocalStack.STATE.resolve("blacklist-" + run + ".txt");
        Files.writeString(file, "# test blacklist\n" + BLACKLISTED_IP + "\n");
        return file;
    }

    /** Sends every line at once, to a topic that exists. */
    void produceTo(String topic) throws Exception {
        List<String> unsent = lines;
        for (int round = 1; !unsent.isEmpty(); round++) {
            List<Future<RecordMetadata>> sends = new ArrayList<>(unsent.size());
            try (KafkaProducer<String, String> producer = producer()) {
                for (String line : unsent) {
                    sends.add(producer.send(new ProducerRecord<>(topic, line)));
                }
            }
            // A freshly created topic can refuse an idempotent producer's first batches with an out-of-order
            // sequence (seen in CI: 76 of 30,200 lines missing, and the job waited for them). Such a batch was
            // not written, so its lines are sent again, by a new producer; any other failure fails the test.
            List<String> refused = new ArrayList<>();
            Throwable cause = null;
            for (int i = 0; i < sends.size(); i++) {
                try {
                    sends.get(i).get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof OutOfOrderSequenceException) || round == 3) {
                        throw new IllegalStateException("the test input did not reach " + topic, e.getCause());
                    }
                    refused.add(unsent.get(i));
                    cause = e.getCause();
                }
            }
            if (!refused.isEmpty()) {
                System.out.println("test input: " + refused.size() + " lines refused by " + topic + " (" + cause
                        + "), sent again");
            }
            unsent = refused;
        }
    }

    static void createTopic(String topic) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStack.env().get("KAFKA_BOOTSTRAP"));
        try (Admin admin = Admin.create(props)) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }

    private static KafkaProducer<String, String> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStack.env().get("KAFKA_BOOTSTRAP"));
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        // One request in flight per broker, in bigger batches: a fresh topic then never sees an idempotent
        // producer's batches out of order. With five in flight, CI saw a partition refuse them with an out-of-order
        // sequence until they expired after 120 s, and the test input never arrived.
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    /**
     * Sends the lines at a steady rate, as a web server's traffic arrives, on a thread of its own; the thread
     * ends when every line is acknowledged (or fails, which {@link Thread#join()} callers see as a short count).
     */
    Thread produceLive(String topic, int linesPerSecond, java.util.concurrent.atomic.AtomicLong acknowledged) {
        Thread thread = new Thread(() -> {
            try (KafkaProducer<String, String> producer = producer()) {
                long start = System.nanoTime();
                for (int i = 0; i < lines.size(); i++) {
                    long due = start + i * 1_000_000_000L / linesPerSecond;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                    producer.send(new ProducerRecord<>(topic, lines.get(i)), (metadata, error) -> {
                        if (error == null) {
                            acknowledged.incrementAndGet();
                        }
                    });
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "live-producer-" + topic);
        thread.start();
        return thread;
    }

    /**
     * Offsets the job's consumer group has committed on {@code topic}, summed over partitions. The job commits a
     * batch's offsets after all of its outputs, so equal to the input size means every batch is fully written.
     */
    long committed(String topic, String group) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStack.env().get("KAFKA_BOOTSTRAP"));
        try (Admin admin = Admin.create(props)) {
            return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS)
                    .entrySet().stream().filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                    .mapToLong(e -> e.getValue().offset()).sum();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the offsets of group " + group, e);
        }
    }

    /** Lines the job has accounted for so far (valid, blacklisted or rejected); 0 before its tables exist. */
    static long processed(HBaseCounters hbase, String prefix) {
        try {
            String table = prefix + "pipeline_stats";
            return hbase.sum(table, "valid") + hbase.sum(table, "blacklisted") + hbase.sum(table, "rejected");
        } catch (IOException | UncheckedIOException notYetCreated) {
            return 0;
        }
    }

    /** Every counter table under {@code prefix} equals the recount, row by row and qualifier by qualifier. */
    void assertCountersEqualRecount(HBaseCounters hbase, String prefix, String label) throws IOException {
        assertCountersEqualRecount(hbase, prefix, label, 0);
    }

    /** @param otherRejects lines the test added beside the input that the job must reject */
    void assertCountersEqualRecount(HBaseCounters hbase, String prefix, String label, long otherRejects)
            throws IOException {
        assertEquals(recount.valid, hbase.sum(prefix + "pipeline_stats", "valid"));
        assertEquals(recount.blacklisted, hbase.sum(prefix + "pipeline_stats", "blacklisted"));
        assertEquals(garbage + otherRejects, hbase.sum(prefix + "pipeline_stats", "rejected"));
        for (String table : COUNTER_TABLES) {
            Map<String, Map<String, Long>> expected = recount.tables.get(table);
            Map<String, Map<String, Long>> actual = hbase.scan(prefix + table);
            System.out.printf("%s: %s: %d rows expected, %d in HBase%n", label, table, expected.size(),
                    actual.size());
            assertEquals(table, expected, actual);
        }
    }

    /**
     * The archive under {@code root} holds every input line as often as the input does (valid lines in
     * {@code .log} files, rejects with their reason in {@code .tsv} files), so none was lost or written twice.
     */
    void assertArchiveHoldsEveryLineOnce(String root, String label) throws IOException {
        Configuration conf = new Configuration();
        conf.addResource(new org.apache.hadoop.fs.Path(LocalStack.env().get("HADOOP_CONF_DIR") + "/core-site.xml"));
        FileSystem fs = FileSystem.get(URI.create(root), conf);
        Map<String, Integer> archived = new HashMap<>();
        long rejects = 0;
        RemoteIterator<LocatedFileStatus> files = fs.listFiles(new org.apache.hadoop.fs.Path(root), true);
        while (files.hasNext()) {
            org.apache.hadoop.fs.Path file = files.next().getPath();
            if (file.getName().startsWith(".")) {
                continue;
            }
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(fs.open(file),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    if (file.getName().endsWith(".tsv")) {
                        assertTrue(line, line.indexOf('\t') > 0);
                        rejects++;
                    } else {
                        archived.merge(line, 1, Integer::sum);
                    }
                }
            }
        }
        Map<String, Integer> expected = new HashMap<>();
        for (String line : lines) {
            expected.merge(line, 1, Integer::sum);
        }
        long archivedValid = archived.values().stream().mapToLong(Integer::longValue).sum();
        long twice = archived.entrySet().stream()
                .filter(e -> e.getValue() > expected.getOrDefault(e.getKey(), 0)).count();
        System.out.printf("%s: archive holds %d valid and %d rejected lines; %d distinct lines more often than in"
                + " the input%n", label, archivedValid, rejects, twice);
        assertEquals(garbage, rejects);
        archived.forEach((line, n) -> assertEquals("archived " + n + " times: " + line, expected.get(line), n));
        assertEquals(lines.size() - garbage, archivedValid);
    }
}
