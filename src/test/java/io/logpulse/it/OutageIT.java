package io.logpulse.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.Test;

/**
 * Servers of the stack fail under the running job while a producer writes live traffic: HBase stopped for a
 * minute, HBase killed, the Kafka broker restarted, the HDFS NameNode restarted. The job waits and retries; where it must exit
 * it is started again, as YARN restarts a failed application master, and resumes. Afterwards every counter equals
 * the recount and the archive holds every line once.
 */
public class OutageIT {
    private static final int LINES_PER_SECOND = 400;
    private static final int GARBAGE_LINES = 100;
    private static final int MAX_RESTARTS = 4;

    /** One fault, done while the job runs; returns when the stack is whole again. */
    private interface Outage {
        void run() throws Exception;
    }

    @Test
    public void countersEqualTheRecountAfterHBaseIsStoppedForAMinute() throws Exception {
        survives("hbase", () -> {
            LocalStack.run(Map.of(), "stack", "stop", "hbase").expectSuccess();
            Thread.sleep(60_000);
            LocalStack.run(Map.of(), "stack", "start").expectSuccess();
        });
    }

    /**
     * Killed, HBase keeps only what its write-ahead log had synced: the counter writes, which do not wait for the
     * sync, are durable only through the synced put that follows them, and a batch they were lost from is written
     * again (the region server's own sync, every second, makes the window small, so this proves the kill is survived
     * and the numbers right, not that a kill fell into it).
     */
    @Test
    public void countersEqualTheRecountAfterHBaseIsKilled() throws Exception {
        survives("hbasekill", () -> {
            ProcessHandle hbase = ProcessHandle.of(LocalStack.pidOf("hbase")).orElseThrow();
            hbase.destroyForcibly();
            hbase.onExit().get(60, TimeUnit.SECONDS);
            LocalStack.run(Map.of(), "stack", "start").expectSuccess();
        });
    }

    @Test
    public void countersEqualTheRecountAfterTheKafkaBrokerRestarts() throws Exception {
        survives("kafka", () -> {
            LocalStack.run(Map.of(), "stack", "stop", "kafka").expectSuccess();
            LocalStack.run(Map.of(), "stack", "start").expectSuccess();
        });
    }

    @Test
    public void countersEqualTheRecountAfterTheNameNodeRestarts() throws Exception {
        survives("namenode", () -> {
            Path conf = Path.of(LocalStack.env().get("HADOOP_CONF_DIR"));
            Files.deleteIfExists(conf.resolve("namenode-restarted"));
            Files.writeString(conf.resolve("restart-namenode"), "");
            assertTrue("the NameNode did not restart within 2 minutes; see the stack's hadoop.log",
                    LocalStack.await(Duration.ofMinutes(2), () -> Files.exists(conf.resolve("namenode-restarted"))));
        });
    }

    private static void survives(String label, Outage outage) throws Exception {
        LocalStack.start();
        String run = label + Long.toString(System.currentTimeMillis() % 1_000_000, 36);
        JobInput input = new JobInput(run, 14_000, 10_000, 100, GARBAGE_LINES);
        JobRun job = new JobRun(label, input.blacklistFile(run));
        job.createTopics();
        long total = input.lines.size();
        AtomicLong produced = new AtomicLong();
        Thread producer = input.produceLive(job.topic, LINES_PER_SECOND, produced);
        int restarts = 0;
        Process process = job.start("0");
        try (HBaseCounters hbase = new HBaseCounters()) {
            assertTrue("the job did not take its lease; see " + job.log("0"), job.awaitLease("0"));
            assertTrue("the job counted nothing before the outage; see " + job.log("0"), LocalStack.await(
                    Duration.ofMinutes(2), () -> JobInput.processed(hbase, job.prefix) >= total / 5));
            long before = System.nanoTime();
            System.out.printf("%s outage: starts at %d of %d lines processed, %d produced%n", label,
                    JobInput.processed(hbase, job.prefix), total, produced.get());
            outage.run();
            System.out.printf("%s outage: over after %d s; the job is %s%n", label,
                    TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - before),
                    process.isAlive() ? "still running" : "gone (exit " + process.exitValue() + ")");
            long deadline = System.nanoTime() + Duration.ofMinutes(6).toNanos();
            while (input.committed(job.topic, job.run) < total || produced.get() < total) {
                assertTrue("not every line committed within 6 minutes of the outage: "
                        + input.committed(job.topic, job.run) + " of " + total + "; see " + job.log("" + restarts),
                        System.nanoTime() < deadline);
                if (!process.isAlive()) {
                    assertTrue("the job exited more than " + MAX_RESTARTS + " times; see " + job.log("" + restarts),
                            restarts < MAX_RESTARTS);
                    System.out.printf("%s outage: the job exited with %d; starting it again%n", label,
                            process.exitValue());
                    restarts++;
                    process = job.start(String.valueOf(restarts));
                }
                Thread.sleep(500);
            }
            producer.join(60_000);
            assertEquals("the producer's lines acknowledged by Kafka", total, produced.get());
            System.out.printf("%s outage: every line committed, %d restarts of the job%n", label, restarts);
            input.assertCountersEqualRecount(hbase, job.prefix, label + " outage");
        } finally {
            process.destroy();
            process.waitFor(60, TimeUnit.SECONDS);
            process.destroyForcibly();
            producer.interrupt();
            producer.join(10_000);
        }
        input.assertArchiveHoldsEveryLineOnce(job.archive, label + " outage");
    }
}
