package io.logpulse.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.BufferedWriter;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.Test;

/**
 * Every line a web server writes, from the file to HBase once: lines are appended live to a file Flume tails,
 * the file is rotated the way logrotate does it for nginx (renamed, a new one created) mid-stream, a line over
 * 1 MiB is written, plain combined lines (no virtual host) count under the agent's host, and the Flume agent is SIGKILLed and restarted while the job runs. Flume re-sends what it had
 * not recorded as sent; the job must count none of it twice, and must show it as duplicates.
 */
public class FlumeExactlyOnceIT {
    private static final int LINES_PER_SECOND = 1_500;
    private static final int HUGE_LINE_BYTES = 1_500_000;

    @Test
    public void aFlumeAgentKilledMidStreamAcrossARotationCountsEveryLineOnce() throws Exception {
        LocalStack.start();
        String run = "fx" + Long.toString(System.currentTimeMillis() % 1_000_000, 36);
        // Plain combined lines name no virtual host: they count under the host of the agent that read them.
        String agentHost = InetAddress.getLocalHost().getHostName();
        JobInput input = new JobInput(run, 25_000, 5_000, 0, 100, 200, agentHost);
        String flumeTopic = "access-logs";
        JobRun job = new JobRun("fx", input.blacklistFile(run), "kafka.topic=" + flumeTopic, "kafka.start=group");
        job.createStatusTopic();
        Map<TopicPartition, Long> start;
        try (TopicReader topic = new TopicReader(LocalStack.env().get("KAFKA_BOOTSTRAP"), flumeTopic)) {
            // An earlier test's agent may still be re-sending its channel: start once the topic is quiet, or the
            // job would count those lines, which are not this test's.
            start = quietEnd(topic);
        }
        startGroupAt(job.run, start);

        Path tailDir = Path.of(LocalStack.env().get("TAIL_DIR"));
        Path live = tailDir.resolve("access-" + run + ".log");
        Path rotated = tailDir.resolve("access-" + run + ".log.1");
        Process process = job.start("0");
        try (HBaseCounters hbase = new HBaseCounters()) {
            assertTrue("job did not take its lease; see " + job.log("0"), job.awaitLease("0"));
            int total = input.lines.size();
            BufferedWriter out = Files.newBufferedWriter(live, StandardCharsets.UTF_8);
            long began = System.nanoTime();
            AtomicReference<Throwable> restartFailure = new AtomicReference<>();
            Thread restart = null;
            for (int i = 0; i < total; i++) {
                long wait = began + i * 1_000_000_000L / LINES_PER_SECOND - System.nanoTime();
                if (wait > 0) {
                    out.flush();
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                if (i == total * 2 / 5) {
                    // logrotate without copytruncate: rename, then the server opens a new file.
                    out.close();
                    Files.move(live, rotated);
                    out = Files.newBufferedWriter(live, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
                    System.out.println("flume exactly-once test: rotated " + live.getFileName() + " at line " + i);
                }
                if (i == total / 2) {
                    out.write("x".repeat(HUGE_LINE_BYTES));
                    out.write('\n');
                }
                if (i == total * 3 / 5) {
                    out.flush();
                    ProcessHandle flume = ProcessHandle.of(LocalStack.pidOf("flume")).orElseThrow();
                    flume.destroyForcibly();
                    flume.onExit().get(30, TimeUnit.SECONDS);
                    System.out.println("flume exactly-once test: killed Flume (SIGKILL) at line " + i);
                    // Restarted beside the writer: the server goes on logging while its agent is down.
                    restart = new Thread(() -> {
                        try {
                            LocalStack.run(Map.of(), "stack", "start").expectSuccess();
                        } catch (Throwable e) {
                            restartFailure.set(e);
                        }
                    }, "flume-restart");
                    restart.start();
                }
                out.write(input.lines.get(i));
                out.write('\n');
            }
            out.close();
            restart.join(Duration.ofMinutes(3).toMillis());
            assertEquals("restarting Flume failed", null, restartFailure.get());
            long expected = total + 1;
            assertTrue("the job accounted for " + JobInput.processed(hbase, job.prefix) + " of " + expected
                    + " lines within 5 minutes; see " + job.log("0"), LocalStack.await(Duration.ofMinutes(5),
                            () -> JobInput.processed(hbase, job.prefix) >= expected || !process.isAlive()));
            long delivered;
            try (TopicReader topic = new TopicReader(LocalStack.env().get("KAFKA_BOOTSTRAP"), flumeTopic)) {
                delivered = topic.recordsSince(start);
            }
            // Everything delivered is screened: the duplicates are what Kafka holds beyond the lines written.
            assertTrue("the job did not screen every delivered record; see " + job.log("0"), LocalStack.await(
                    Duration.ofMinutes(2), () -> input.committed(flumeTopic, job.run) - sum(start) >= delivered));
            long duplicates = hbase.sum(job.prefix + "pipeline_stats", "duplicate");
            System.out.printf("flume exactly-once test: %d lines written (+1 of %d bytes), %d records in Kafka,"
                    + " %d counted as duplicate%n", total, HUGE_LINE_BYTES, delivered, duplicates);
            assertEquals("the over-long line, cut at the source", 1,
                    hbase.sum(job.prefix + "pipeline_stats", "rejected_cut_at_source"));
            input.assertCountersEqualRecount(hbase, job.prefix, "flume exactly-once test", 1);
            assertTrue("host_stats has the agent's host " + agentHost, hbase.scan(job.prefix + "host_stats")
                    .keySet().stream().anyMatch(row -> row.endsWith("_" + agentHost)));
            assertEquals("records Flume re-sent", delivered - expected, duplicates);
            assertTrue("the job exited on its own; see " + job.log("0"), process.isAlive());
        } finally {
            process.destroy();
            process.waitFor(60, TimeUnit.SECONDS);
            process.destroyForcibly();
            Files.deleteIfExists(live);
            Files.deleteIfExists(rotated);
        }
    }

    /** The topic's end offsets once they have not moved for 10 s (within 3 minutes). */
    private static Map<TopicPartition, Long> quietEnd(TopicReader topic) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        Map<TopicPartition, Long> end = topic.endOffsets();
        long quietSince = System.nanoTime();
        while (System.nanoTime() - quietSince < Duration.ofSeconds(10).toNanos()) {
            assertTrue("the topic " + end + " never stopped growing for 10 s", System.nanoTime() < deadline);
            Thread.sleep(1_000);
            Map<TopicPartition, Long> now = topic.endOffsets();
            if (!now.equals(end)) {
                end = now;
                quietSince = System.nanoTime();
            }
        }
        return end;
    }

    private static long sum(Map<TopicPartition, Long> offsets) {
        return offsets.values().stream().mapToLong(Long::longValue).sum();
    }

    /** A new consumer group at the topic's end: the job reads only what this test makes Flume deliver. */
    private static void startGroupAt(String group, Map<TopicPartition, Long> offsets) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStack.env().get("KAFKA_BOOTSTRAP"));
        Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
        offsets.forEach((partition, offset) -> commit.put(partition, new OffsetAndMetadata(offset)));
        try (Admin admin = Admin.create(props)) {
            admin.alterConsumerGroupOffsets(group, commit).all().get(30, TimeUnit.SECONDS);
        }
    }
}
