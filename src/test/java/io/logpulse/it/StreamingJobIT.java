package io.logpulse.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
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
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The streaming job against real Kafka, HDFS and HBase, killed with SIGKILL at random points and restarted from
 * its checkpoint: in the end every HBase counter equals an independent recount of the input, and the raw archive
 * holds every input line exactly once.
 */
public class StreamingJobIT {
    private static final String BLACKLISTED_IP = "198.51.100.7";
    private static final int GARBAGE_LINES = 1_000;
    private static final int KILLS = 3;

    private static final String RUN = "it" + Long.toString(System.currentTimeMillis() % 1_000_000, 36);
    private static final String TOPIC = "access-logs-" + RUN;
    private static final String PREFIX = RUN + "_";

    private static List<String> input;
    private static Recount recount;

    @BeforeClass
    public static void input() throws Exception {
        LocalStack.start();
        Path dir = LocalStack.STATE.resolve("job-input-" + RUN);
        LocalStack.run(Map.of(), "generate", "--dir", dir.resolve("a").toString(), "--count", "60000",
                "--format", "combined-ext", "--seed", "5", "--scenarios").expectSuccess();
        LocalStack.run(Map.of(), "generate", "--dir", dir.resolve("b").toString(), "--count", "40000",
                "--format", "json", "--seed", "6", "--scenarios").expectSuccess();
        input = new ArrayList<>();
        for (String sub : List.of("a", "b")) {
            try (var files = Files.list(dir.resolve(sub))) {
                for (Path file : files.sorted().toList()) {
                    input.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
                }
            }
        }
        Random random = new Random(13);
        for (int i = 0; i < 500; i++) {
            int at = random.nextInt(60_000);
            input.set(at, BLACKLISTED_IP + input.get(at).substring(input.get(at).indexOf(' ')));
        }
        for (int i = 0; i < GARBAGE_LINES; i++) {
            input.add(random.nextInt(input.size()), switch (i % 4) {
                case 0 -> "garbage " + i;
                case 1 -> "1.2.3.4\t2020-38-05/27/20 09:38:29\t\"GET /product/1.html HTTP/1.1\"\t500\t-";
                case 2 -> "{\"server\":\"s1\",\"client_ip\":\"not-an-ip\",\"status\":\"200\"}";
                default -> "10.0.0.1 - - [21/Nov/2026:10:00:00 +0000] \"\\x16\\x03\\x01\" 400 0 \"-\" \"-\"";
            });
        }
        recount = new Recount(Set.of(BLACKLISTED_IP));
        input.forEach(recount::add);
        produce();
    }

    private static void produce() throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStack.env().get("KAFKA_BOOTSTRAP"));
        try (Admin admin = Admin.create(props)) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        try (KafkaProducer<String, String> producer =
                     new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            for (String line : input) {
                producer.send(new ProducerRecord<>(TOPIC, line));
            }
        }
    }

    @Test
    public void countersEqualTheRecountAfterRepeatedSigkills() throws Exception {
        Path blacklist = LocalStack.STATE.resolve("blacklist-" + RUN + ".txt");
        Files.writeString(blacklist, "# test blacklist\n" + BLACKLISTED_IP + "\n");
        String hdfs = LocalStack.env().get("HDFS_URI");
        List<String> jobArgs = List.of("job", "--conf", "kafka.topic=" + TOPIC, "--conf", "kafka.group.id=" + RUN,
                "--conf", "hbase.table.prefix=" + PREFIX, "--conf", "batch.interval.seconds=1",
                "--conf", "checkpoint.dir=" + hdfs + "/" + RUN + "/checkpoint",
                "--conf", "archive.dir=" + hdfs + "/" + RUN + "/archive",
                "--conf", "kafka.max.rate.per.partition=1500", "--conf", "blacklist.file=" + blacklist);
        long total = input.size();
        Random random = new Random();
        long seed = random.nextLong();
        random.setSeed(seed);
        System.out.println("job crash test: " + total + " lines, kill points seeded with " + seed);

        try (HBaseCounters hbase = new HBaseCounters()) {
            for (int run = 0; run <= KILLS; run++) {
                Process job = startJob(jobArgs, run);
                try {
                    if (run < KILLS) {
                        long target = total * (run + 1) / (KILLS + 2) + random.nextInt((int) (total / 10));
                        assertTrue("job made no progress before kill " + (run + 1), LocalStack.await(
                                Duration.ofMinutes(3), () -> processed(hbase) >= target || !job.isAlive()));
                        assertTrue("the job exited on its own; see its log", job.isAlive());
                        Thread.sleep(random.nextInt(1500));
                        System.out.printf("job crash test: SIGKILL %d at %d of %d lines processed%n", run + 1,
                                processed(hbase), total);
                        job.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                    } else {
                        assertTrue("the job did not process every line: " + processed(hbase) + " of " + total,
                                LocalStack.await(Duration.ofMinutes(5), () -> processed(hbase) >= total));
                        // A few more batches: a double count would show up as a total above the input.
                        Thread.sleep(3000);
                    }
                } finally {
                    if (run == KILLS) {
                        job.destroy();
                        job.waitFor(60, TimeUnit.SECONDS);
                    }
                    job.destroyForcibly();
                }
            }
            assertEquals(recount.valid, hbase.sum(PREFIX + "pipeline_stats", "valid"));
            assertEquals(recount.blacklisted, hbase.sum(PREFIX + "pipeline_stats", "blacklisted"));
            assertEquals(GARBAGE_LINES, hbase.sum(PREFIX + "pipeline_stats", "rejected"));
            assertEquals(GARBAGE_LINES, recount.unparsed);
            for (String table : List.of("product_clickcount", "product_search_clickcount", "country_success_count",
                    "host_stats")) {
                Map<String, Map<String, Long>> expected = recount.tables.get(table);
                Map<String, Map<String, Long>> actual = hbase.scan(PREFIX + table);
                System.out.printf("job crash test: %s: %d rows expected, %d in HBase%n", table, expected.size(),
                        actual.size());
                assertEquals(table, expected, actual);
            }
            Map<String, Map<String, Long>> alerts = hbase.scan(PREFIX + "alerts");
            assertTrue(alerts.keySet().toString(), alerts.keySet().stream()
                    .anyMatch(k -> k.startsWith("client_burst_203.0.113.66_")));
            assertTrue(alerts.keySet().toString(), alerts.keySet().stream()
                    .anyMatch(k -> k.startsWith("host_error_storm_api.shop.example_")));
            assertTrue(alerts.keySet().toString(), alerts.keySet().stream().noneMatch(k -> k.contains(BLACKLISTED_IP)));
        }
        assertArchiveHoldsEveryLineOnce(hdfs + "/" + RUN + "/archive");
    }

    private static Process startJob(List<String> args, int run) throws IOException {
        File log = LocalStack.STATE.resolve("logs/job-" + RUN + "-" + run + ".log").toFile();
        return LocalStack.command(args.toArray(String[]::new)).redirectOutput(log).start();
    }

    private static long processed(HBaseCounters hbase) {
        try {
            String table = PREFIX + "pipeline_stats";
            return hbase.sum(table, "valid") + hbase.sum(table, "blacklisted") + hbase.sum(table, "rejected");
        } catch (IOException | UncheckedIOException notYetCreated) {
            return 0;
        }
    }

    private static void assertArchiveHoldsEveryLineOnce(String root) throws IOException {
        Configuration conf = new Configuration();
        conf.addResource(new org.apache.hadoop.fs.Path(LocalStack.env().get("HADOOP_CONF_DIR") + "/core-site.xml"));
        FileSystem fs = FileSystem.get(java.net.URI.create(root), conf);
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
        for (String line : input) {
            expected.merge(line, 1, Integer::sum);
        }
        long archivedValid = archived.values().stream().mapToLong(Integer::longValue).sum();
        System.out.printf("job crash test: archive holds %d valid and %d rejected lines%n", archivedValid, rejects);
        assertEquals(GARBAGE_LINES, rejects);
        archived.forEach((line, n) -> assertEquals("archived " + n + " times: " + line, expected.get(line), n));
        assertEquals(input.size() - GARBAGE_LINES, archivedValid);
    }
}
