package io.logpulse.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.After;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The shaded jar submitted by {@code yarn/logpulse-yarn} (through {@code bin/logpulse submit}) to the local stack's
 * YARN in cluster mode, killed through the YARN CLI while it works and submitted again: the second application
 * resumes from the first one's HDFS checkpoint, and every HBase counter equals the recount.
 */
public class YarnJobIT {
    private static final String RUN = "yarn" + Long.toString(System.currentTimeMillis() % 1_000_000, 36);
    private static final String TOPIC = "access-logs-" + RUN;
    private static final String PREFIX = RUN + "_";
    private static final Pattern APP_ID = Pattern.compile("application_\\d+_\\d+");
    private static final Pattern STATE = Pattern.compile("\\bState : (\\w+)");

    private static JobInput input;
    private final List<String> submitted = new ArrayList<>();

    @BeforeClass
    public static void input() throws Exception {
        LocalStack.start();
        input = new JobInput(RUN, 30_000, 0, 200, 200);
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
            awaitOrShowLogs(first, "the first application did not count a quarter of the lines in 5 minutes",
                    () -> JobInput.processed(hbase, PREFIX) >= total / 4 || finished(first));
            assertEquals("RUNNING", state(first));
            LocalStack.run(Map.of(), "yarn", "kill", first).expectSuccess();
            assertTrue(LocalStack.await(Duration.ofMinutes(1), () -> "KILLED".equals(state(first))));
            long atKill = JobInput.processed(hbase, PREFIX);
            System.out.printf("yarn job test: %s killed through YARN at %d of %d lines%n", first, atKill, total);
            assertTrue("the kill came too late to test a resume", atKill < total);

            String second = submit(job);
            awaitOrShowLogs(second, "the second application did not commit every line in 5 minutes",
                    () -> input.committed(TOPIC, RUN) >= total);
            input.assertCountersEqualRecount(hbase, PREFIX, "yarn job test");

            LocalStack.run(Map.of(), "yarn", "kill", second).expectSuccess();
            assertTrue(LocalStack.await(Duration.ofMinutes(1), () -> "KILLED".equals(state(second))));
            assertTrue("the second application's driver did not log a resume from the checkpoint",
                    LocalStack.await(Duration.ofMinutes(1), () -> LocalStack.run(Map.of(), "yarn", "logs", second)
                            .output().contains("resumed from the checkpoint in " + hdfs + "/" + RUN + "/checkpoint")));
        }
    }

    /** Fails with the application's YARN report and the end of its logs, which are gone once CI's run ends. */
    private static void awaitOrShowLogs(String app, String failure, BooleanSupplier condition) {
        if (!LocalStack.await(Duration.ofMinutes(5), condition)) {
            LocalStack.run(Map.of(), "yarn", "status", app);
            List<String> log = LocalStack.run(Map.of(), "yarn", "logs", app).output().lines().toList();
            System.out.println("batches, checkpoint and errors in the log of " + app + ":");
            List<String> telling = log.stream().filter(l -> l.contains("status: batch") || l.contains(" ERROR ")
                    || l.contains("resumed from") || l.contains("CheckpointWriter: Checkpoint for time")).toList();
            telling.subList(Math.max(0, telling.size() - 200), telling.size()).forEach(System.out::println);
            fail(failure + " (" + app + ": its YARN report and the end of its logs are printed above)");
        }
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
