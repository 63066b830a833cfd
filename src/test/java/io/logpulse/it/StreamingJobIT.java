package io.logpulse.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hbase.Cell;
import org.apache.hadoop.hbase.CellUtil;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.ResultScanner;
import org.apache.hadoop.hbase.client.Scan;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.util.Bytes;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The proof of exactly-once under live traffic: a producer writes the lines at a steady rate below any cap while
 * the job runs (there is no rate cap, so the first batch after each restart takes the whole backlog); the job is
 * SIGKILLed at
 * random points and restarted, once with its checkpoint deleted and once with a changed threshold, and a second
 * job started on the same tables is refused. In the end every HBase counter equals an independent recount of the
 * input, the raw archive holds every input line exactly once, and the changed threshold is the one in force.
 */
public class StreamingJobIT {
    private static final int GARBAGE_LINES = 1_000;
    private static final int KILLS = 3;
    private static final int LINES_PER_SECOND = 1_000;
    /**
     * The default interval: on 2 cores a batch costs about 3 s whatever its size, so shorter batches fall behind
     * for good (issue 12), and the checkpoint, written after each batch, lags further.
     */
    private static final int BATCH_SECONDS = 5;
    private static final String STORM_THRESHOLD = "rule.host_error_storm.threshold";
    private static final long CHANGED_STORM_THRESHOLD = 150;

    private static JobRun job;
    private static JobInput input;

    @BeforeClass
    public static void input() throws Exception {
        LocalStack.start();
        String run = "it" + Long.toString(System.currentTimeMillis() % 1_000_000, 36);
        input = new JobInput(run, 50_000, 40_000, 500, GARBAGE_LINES);
        job = new JobRun("it", input.blacklistFile(run), "batch.interval.seconds=" + BATCH_SECONDS);
        job.createTopics();
    }

    @Test
    public void countersEqualTheRecountAfterSigkillsUnderLiveTraffic() throws Exception {
        long total = input.lines.size();
        Random random = new Random();
        long seed = random.nextLong();
        random.setSeed(seed);
        System.out.println("live exactly-once test: " + total + " lines at " + LINES_PER_SECOND
                + " lines/s, kill points seeded with " + seed);

        AtomicLong produced = new AtomicLong();
        Thread producer = input.produceLive(job.topic, LINES_PER_SECOND, produced);
        long thresholdChangedAt = 0;
        try (HBaseCounters hbase = new HBaseCounters()) {
            for (int run = 0; run <= KILLS; run++) {
                if (run == 1) {
                    deleteCheckpoint(job.checkpoint);
                }
                if (run == 2) {
                    job.conf(STORM_THRESHOLD + "=" + CHANGED_STORM_THRESHOLD);
                    thresholdChangedAt = System.currentTimeMillis();
                }
                String name = String.valueOf(run);
                Path log = job.log(name);
                Process process = job.start(name);
                try {
                    if (run < KILLS) {
                        // Spread over the input, but always past what this run found done, so that every run
                        // writes batches of its own before it dies.
                        long target = Math.min(total - 2_000, Math.max(
                                total * (run + 1) / (KILLS + 2) + random.nextInt((int) (total / 10)),
                                JobInput.processed(hbase, job.prefix) + 2_000));
                        assertTrue("job did not take its lease; see " + log, job.awaitLease(name));
                        // Two completed batches: the first after a start takes the whole backlog, and only a
                        // completed batch has raised its alerts (a replayed one feeds counters and archive).
                        assertTrue("job made no progress before kill " + (run + 1) + "; see " + log,
                                LocalStack.await(Duration.ofMinutes(4), () -> !process.isAlive()
                                        || JobInput.processed(hbase, job.prefix) >= target
                                        && completedBatches(name) >= 2));
                        assertTrue("the job exited on its own; see " + log, process.isAlive());
                        Thread.sleep(random.nextInt(1500));
                        System.out.printf("live exactly-once test: SIGKILL %d at %d of %d lines processed, %d"
                                + " produced%n", run + 1, JobInput.processed(hbase, job.prefix), total, produced.get());
                        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                    } else {
                        assertSecondJobIsRefused(process.pid());
                        producer.join(Duration.ofMinutes(4).toMillis());
                        assertEquals("the producer's lines acknowledged by Kafka", total, produced.get());
                        assertTrue("the job did not commit every line: " + input.committed(job.topic, job.run) + " of "
                                + total + "; see " + log, LocalStack.await(Duration.ofMinutes(5),
                                        () -> input.committed(job.topic, job.run) >= total || !process.isAlive()));
                        assertTrue("the job exited on its own; see " + log, process.isAlive());
                    }
                } finally {
                    if (run == KILLS) {
                        process.destroy();
                        process.waitFor(60, TimeUnit.SECONDS);
                    }
                    process.destroyForcibly();
                }
                if (run == 2) {
                    assertTrue("the restart names the changed setting; see " + log, job.logOf(name).contains(
                            "logpulse." + STORM_THRESHOLD + ": 15 -> " + CHANGED_STORM_THRESHOLD));
                }
            }
            input.assertCountersEqualRecount(hbase, job.prefix, "live exactly-once test");
            assertAlerts(hbase, thresholdChangedAt);
        } finally {
            producer.interrupt();
            producer.join(10_000);
        }
        input.assertArchiveHoldsEveryLineOnce(job.archive, "live exactly-once test");
    }

    private static long completedBatches(String name) {
        return job.statusesOf(name).size();
    }

    /** A job started on the same tables while one runs exits with status 4, naming the running one. */
    private static void assertSecondJobIsRefused(long runningPid) throws Exception {
        assertTrue("the first job never took its lease", job.awaitLease(String.valueOf(KILLS)));
        Process second = job.start("second");
        try {
            assertTrue("the second job did not stop within 2 minutes; see " + job.log("second"),
                    second.waitFor(2, TimeUnit.MINUTES));
            String out = job.logOf("second");
            assertEquals("exit status of a second job on the same tables; see " + job.log("second"), 4,
                    second.exitValue());
            assertTrue(out, out.contains("another LogPulse job is writing the tables") && out.contains(
                    "pid=" + runningPid));
            System.out.println("live exactly-once test: second job refused: " + out.lines()
                    .filter(l -> l.contains("another LogPulse job")).findFirst().orElse(""));
        } finally {
            second.destroyForcibly();
        }
    }

    /**
     * Storm alerts were raised, none for the blacklisted client, and every alert of a window that ended after the
     * restart with the changed threshold carries that threshold.
     */
    private static void assertAlerts(HBaseCounters hbase, long thresholdChangedAt) throws IOException {
        List<String> keys = new ArrayList<>();
        long changedSeen = 0;
        try (Table alerts = hbase.connection().getTable(TableName.valueOf(job.prefix + "alerts"));
                ResultScanner scanner = alerts.getScanner(new Scan())) {
            for (Result alert : scanner) {
                String key = Bytes.toString(alert.getRow());
                keys.add(key);
                // Windows are on the request's time, which the pre-generated input does not spread like live
                // traffic: what the changed threshold governs is the alerts written after the restart.
                Cell thresholdCell = alert.getColumnLatestCell(Bytes.toBytes("info"), Bytes.toBytes("threshold"));
                long threshold = Bytes.toLong(CellUtil.cloneValue(thresholdCell));
                if (key.startsWith("host_error_storm_") && thresholdCell.getTimestamp() > thresholdChangedAt) {
                    assertEquals("threshold of " + key, CHANGED_STORM_THRESHOLD, threshold);
                    changedSeen++;
                }
            }
        }
        // Bursts are a few lines each: one that falls into a batch completed at start from the ledger raises
        // nothing (see EXACTLY-ONCE.md, Limits), so only the storms, which every host answers, are certain.
        assertTrue(keys.toString(), keys.stream().anyMatch(k -> k.startsWith("host_error_storm_")));
        assertFalse(keys.toString(), keys.stream().anyMatch(k -> k.contains(JobInput.BLACKLISTED_IP)));
        System.out.printf("live exactly-once test: %d alerts, %d storm alerts with the changed threshold %d%n",
                keys.size(), changedSeen, CHANGED_STORM_THRESHOLD);
        // Not asserted > 0: windows are on request time, and whether the lines left after the restart with the
        // changed threshold hold a storm above it depends on where the kills fall. The restart's "setting changed"
        // line is asserted, and every storm alert written after it must carry the new threshold (above).
    }

    private static void deleteCheckpoint(String checkpoint) throws IOException {
        Configuration conf = new Configuration();
        conf.addResource(new org.apache.hadoop.fs.Path(LocalStack.env().get("HADOOP_CONF_DIR") + "/core-site.xml"));
        FileSystem fs = FileSystem.get(URI.create(checkpoint), conf);
        boolean deleted = fs.delete(new org.apache.hadoop.fs.Path(checkpoint), true);
        System.out.println("live exactly-once test: checkpoint " + checkpoint + (deleted ? " deleted" : " absent"));
    }
}
