package io.logpulse.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.After;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The shaded jar submitted by {@code yarn/logpulse-yarn} (through {@code bin/logpulse submit}) to the local stack's
 * YARN in cluster mode, killed through the YARN CLI while it works and submitted again: the second application
 * takes over the lease of the killed one and resumes where its batch ledger says, and every HBase counter equals
 * the recount. The first application
 * runs on the Spark jars of this machine ({@code spark.yarn.jars=local:...}); the second on the archive
 * {@code stage-spark} puts on HDFS, as on a cluster whose NodeManagers have no Spark.
 */
public class YarnJobIT {
    private static final String RUN = "yarn" + Long.toString(System.currentTimeMillis() % 1_000_000, 36);
    private static final String TOPIC = "access-logs-" + RUN;
    private static final String PREFIX = RUN + "_";
    private static final Pattern APP_ID = Pattern.compile("application_\\d+_\\d+");
    private static final Pattern STATE = Pattern.compile("\\bState : (\\w+)");
    private static final Duration STALL = Duration.ofMinutes(4);
    private static final Duration LIMIT = Duration.ofMinutes(15);

    private static JobInput input;
    private final List<String> submitted = new ArrayList<>();
    private final long started = System.nanoTime();

    @BeforeClass
    public static void input() throws Exception {
        LocalStack.start();
        input = new JobInput(RUN, 30_000, 0, 200, 200);
        JobInput.createTopic(TOPIC);
        input.produceTo(TOPIC);
    }

    @After
    public void killWhatIsLeft() {
        submitted.stream().filter(app -> !finished(app)).forEach(app -> LocalStack.run(Map.of(), "yarn", "kill", app));
    }

    @Test
    public void resubmittedJobResumesFromItsCheckpointAfterAYarnKill() throws Exception {
        long total = input.lines.size();
        String hdfs = LocalStack.env().get("HDFS_URI");
        String[] job = {"--", "--conf", "kafka.topic=" + TOPIC, "--conf", "kafka.group.id=" + RUN,
            "--conf", "hbase.table.prefix=" + PREFIX,
            "--conf", "checkpoint.dir=" + hdfs + "/" + RUN + "/checkpoint",
            "--conf", "archive.dir=" + hdfs + "/" + RUN + "/archive",
            // The default 5 s batches: the driver writes the checkpoint twice a batch, and 1 s batches outran that
            // writer on a loaded machine, so a resume had to replay a minute of batches. 3,000 lines a batch keep
            // the input spread over ten batches, so the kill lands mid-stream.
            "--conf", "kafka.max.rate.per.partition=200",
            "--conf", "blacklist.file=" + input.blacklistFile(RUN)};
        try (HBaseCounters hbase = new HBaseCounters()) {
            String first = submit(job);
            timeline(first + " submitted");
            awaitProgress(first, "count a quarter of the lines", () -> JobInput.processed(hbase, PREFIX), total / 4);
            assertEquals("the first application ended on its own", "RUNNING", state(first));
            LocalStack.run(Map.of(), "yarn", "kill", first).expectSuccess();
            assertTrue(LocalStack.await(Duration.ofMinutes(1), () -> "KILLED".equals(state(first))));
            long atKill = JobInput.processed(hbase, PREFIX);
            timeline(first + " killed through YARN at " + atKill + " of " + total + " lines");
            assertTrue("the kill came too late to test a resume", atKill < total);

            String archive = hdfs + "/" + RUN + "/spark-jars.zip";
            LocalStack.run(Map.of(), "yarn", "stage-spark", archive).expectSuccess();
            timeline("Spark's jars staged as " + archive);
            List<String> onArchive = new ArrayList<>(List.of("--spark-conf", "spark.yarn.archive=" + archive));
            onArchive.addAll(List.of(job));
            String second = submit(onArchive.toArray(String[]::new));
            timeline(second + " submitted");
            awaitProgress(second, "commit every line", () -> input.committed(TOPIC, RUN), total);
            input.assertCountersEqualRecount(hbase, PREFIX, "yarn job test");

            LocalStack.run(Map.of(), "yarn", "kill", second).expectSuccess();
            assertTrue(LocalStack.await(Duration.ofMinutes(1), () -> "KILLED".equals(state(second))));
            // Positions from the ledger print as a map; without them the stream starts at the group's offsets.
            String resumed = "LogPulseJob: starting the stream at {" + TOPIC + "-";
            assertTrue("the second application's driver did not resume from the batch ledger",
                    LocalStack.await(Duration.ofMinutes(1), () -> driverLog(second).stream()
                            .anyMatch(l -> l.contains(resumed))));
            String staged = "__spark_libs__ -> resource { scheme: \"hdfs\"";
            List<String> libs = driverLog(second).stream().filter(l -> l.contains("__spark_libs__ -> resource"))
                    .toList();
            assertTrue("the second application's containers did not get Spark from " + archive + ": " + libs,
                    libs.stream().anyMatch(l -> l.contains(staged) && l.contains(RUN + "/spark-jars.zip")
                            && l.contains("type: ARCHIVE")));
        }
    }

    @Test
    public void submitRefusesABadSettingBeforeYarnStartsADriver() {
        String name = RUN + "-bad";
        LocalStack.Run run = LocalStack.run(Map.of(), "submit", "--name", name, "--",
                "--conf", "rule.client_burst.treshold=5");
        assertEquals(run.output(), 2, run.exitCode());
        assertTrue(run.output(), run.output().contains("logpulse: bad configuration: unknown key "
                + "logpulse.rule.client_burst.treshold (did you mean logpulse.rule.client_burst.threshold?)"));
        assertFalse("a refused submit still reached YARN", APP_ID.matcher(run.output()).find());
        assertFalse(LocalStack.run(Map.of(), "yarn", "status").expectSuccess().output().contains(name));
    }

    @Test
    public void submitRefusesConcurrentBatchesBeforeYarnStartsADriver() {
        String name = RUN + "-concurrent";
        LocalStack.Run run = LocalStack.run(Map.of(), "submit", "--name", name,
                "--spark-conf", "spark.streaming.concurrentJobs=2");
        assertEquals(run.output(), 2, run.exitCode());
        assertTrue(run.output(), run.output().contains("spark.streaming.concurrentJobs=2: LogPulse runs one batch"));
        assertFalse("a refused submit still reached YARN", APP_ID.matcher(run.output()).find());
    }

    /**
     * Waits until {@code progress} reaches {@code target} while the application runs. A slow machine is not a
     * failure: the test fails when progress stalls for {@link #STALL} (which covers a container start), when the
     * application ends first, or after {@link #LIMIT}. The failure message carries the offsets and the last
     * batches, because CI keeps only the end of its output; the YARN report and the driver log's batches,
     * checkpoints and errors are printed before it.
     */
    private void awaitProgress(String app, String goal, LongSupplier progress, long target)
            throws InterruptedException {
        long begin = System.nanoTime();
        long lastMove = begin;
        long best = -1;
        long lastStateCheck = begin;
        String problem = null;
        while (problem == null) {
            long now = progress.getAsLong();
            if (now >= target) {
                timeline(app + " did " + goal + " (" + now + " of " + target + ")");
                return;
            }
            long t = System.nanoTime();
            if (now > best) {
                best = now;
                lastMove = t;
            }
            if (t - lastMove > STALL.toNanos()) {
                problem = "made no progress for " + STALL.toMinutes() + " minutes";
            } else if (t - begin > LIMIT.toNanos()) {
                problem = "was still short after " + LIMIT.toMinutes() + " minutes";
            } else if (t - lastStateCheck > Duration.ofSeconds(15).toNanos()) {
                lastStateCheck = t; // the YARN CLI is a JVM start: not every poll on two cores
                if (finished(app)) {
                    problem = "ended first";
                }
            }
            Thread.sleep(500);
        }
        LocalStack.run(Map.of(), "yarn", "status", app);
        List<String> log = driverLog(app);
        System.out.println("batches, checkpoints and errors in the log of " + app + ":");
        List<String> telling = log.stream().filter(l -> l.contains("status: batch") || l.contains(" ERROR ")
                || l.contains("LogPulseJob:") || l.contains("CheckpointWriter: Checkpoint for time")).toList();
        telling.subList(Math.max(0, telling.size() - 200), telling.size()).forEach(System.out::println);
        List<String> batches = log.stream().filter(l -> l.contains("status: batch")).toList();
        List<String> errors = log.stream().filter(l -> l.contains(" ERROR ")).toList();
        fail(String.format("%s did not %s: it %s (state %s, progress %d of %d, Kafka offsets committed %d, %d batches"
                + " completed, the last: %s; %d ERROR lines, the first: %s)", app, goal, problem, state(app),
                progress.getAsLong(), target, input.committed(TOPIC, RUN), batches.size(),
                String.join(" | ", batches.subList(Math.max(0, batches.size() - 3), batches.size())), errors.size(),
                errors.isEmpty() ? "none" : errors.get(0).substring(0, Math.min(400, errors.get(0).length()))));
    }

    private static List<String> driverLog(String app) {
        return LocalStack.run(Map.of(), "yarn", "logs", app).output().lines().toList();
    }

    /** Seconds since the test began, so a slow CI run shows which phase took the time. */
    private void timeline(String event) {
        System.out.printf("yarn job test: %6.1f s %s%n", (System.nanoTime() - started) / 1e9, event);
    }

    private String submit(String... args) {
        List<String> command = new ArrayList<>(List.of("submit", "--name", RUN));
        command.addAll(List.of(args));
        LocalStack.Run run = LocalStack.run(Map.of(), command.toArray(String[]::new)).expectSuccess();
        Matcher id = APP_ID.matcher(run.output());
        assertTrue("submit printed no application id:\n" + run.output(), id.find());
        submitted.add(id.group());
        return id.group();
    }

    private static String state(String app) {
        Matcher state = STATE.matcher(LocalStack.run(Map.of(), "yarn", "status", app).output());
        return state.find() ? state.group(1) : "UNKNOWN";
    }

    private static boolean finished(String app) {
        return List.of("FINISHED", "FAILED", "KILLED").contains(state(app));
    }
}
