package io.logpulse.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The streaming job against real Kafka, HDFS and HBase, killed with SIGKILL at random points and restarted from
 * its checkpoint: in the end every HBase counter equals an independent recount of the input, and the raw archive
 * holds every input line exactly once.
 */
public class StreamingJobIT {
    private static final int GARBAGE_LINES = 1_000;
    private static final int KILLS = 3;

    private static final String RUN = "it" + Long.toString(System.currentTimeMillis() % 1_000_000, 36);
    private static final String TOPIC = "access-logs-" + RUN;
    private static final String PREFIX = RUN + "_";

    private static JobInput input;

    @BeforeClass
    public static void input() throws Exception {
        LocalStack.start();
        input = new JobInput(RUN, 60_000, 40_000, 500, GARBAGE_LINES);
        input.produceTo(TOPIC);
    }

    @Test
    public void countersEqualTheRecountAfterRepeatedSigkills() throws Exception {
        Path blacklist = input.blacklistFile(RUN);
        String hdfs = LocalStack.env().get("HDFS_URI");
        List<String> jobArgs = List.of("job", "--conf", "kafka.topic=" + TOPIC, "--conf", "kafka.group.id=" + RUN,
                "--conf", "hbase.table.prefix=" + PREFIX, "--conf", "batch.interval.seconds=1",
                "--conf", "checkpoint.dir=" + hdfs + "/" + RUN + "/checkpoint",
                "--conf", "archive.dir=" + hdfs + "/" + RUN + "/archive",
                "--conf", "kafka.max.rate.per.partition=1500", "--conf", "blacklist.file=" + blacklist);
        long total = input.lines.size();
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
                                Duration.ofMinutes(3), () -> JobInput.processed(hbase, PREFIX) >= target || !job.isAlive()));
                        assertTrue("the job exited on its own; see its log", job.isAlive());
                        Thread.sleep(random.nextInt(1500));
                        System.out.printf("job crash test: SIGKILL %d at %d of %d lines processed%n", run + 1,
                                JobInput.processed(hbase, PREFIX), total);
                        job.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                    } else {
                        assertTrue("the job did not commit every line: " + input.committed(TOPIC, RUN) + " of "
                                + total, LocalStack.await(Duration.ofMinutes(5),
                                        () -> input.committed(TOPIC, RUN) >= total));
                    }
                } finally {
                    if (run == KILLS) {
                        job.destroy();
                        job.waitFor(60, TimeUnit.SECONDS);
                    }
                    job.destroyForcibly();
                }
            }
            input.assertCountersEqualRecount(hbase, PREFIX, "job crash test");
            Map<String, Map<String, Long>> alerts = hbase.scan(PREFIX + "alerts");
            assertTrue(alerts.keySet().toString(), alerts.keySet().stream()
                    .anyMatch(k -> k.startsWith("client_burst_203.0.113.66_")));
            assertTrue(alerts.keySet().toString(), alerts.keySet().stream()
                    .anyMatch(k -> k.startsWith("host_error_storm_api.shop.example_")));
            assertTrue(alerts.keySet().toString(), alerts.keySet().stream().noneMatch(k -> k.contains(JobInput.BLACKLISTED_IP)));
        }
        assertArchiveHoldsEveryLineOnce(hdfs + "/" + RUN + "/archive");
    }

    private static Process startJob(List<String> args, int run) throws IOException {
        File log = LocalStack.STATE.resolve("logs/job-" + RUN + "-" + run + ".log").toFile();
        return LocalStack.command(args.toArray(String[]::new)).redirectOutput(log).start();
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
        for (String line : input.lines) {
            expected.merge(line, 1, Integer::sum);
        }
        long archivedValid = archived.values().stream().mapToLong(Integer::longValue).sum();
        System.out.printf("job crash test: archive holds %d valid and %d rejected lines%n", archivedValid, rejects);
        assertEquals(GARBAGE_LINES, rejects);
        archived.forEach((line, n) -> assertEquals("archived " + n + " times: " + line, expected.get(line), n));
        assertEquals(input.lines.size() - GARBAGE_LINES, archivedValid);
    }
}
