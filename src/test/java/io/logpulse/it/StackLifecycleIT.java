package io.logpulse.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.BeforeClass;
import org.junit.Test;

/** {@code bin/logpulse stack} against the running stack: health, idempotence, and bad input. */
public class StackLifecycleIT {
    private static final List<String> COMPONENTS = List.of("hadoop", "kafka", "hbase", "flume");

    @BeforeClass
    public static void stack() {
        LocalStack.start();
    }

    @Test
    public void statusReportsEveryComponentHealthyWithARealProbe() {
        LocalStack.Run status = LocalStack.run(Map.of(), "stack", "status").expectSuccess();
        for (String component : COMPONENTS) {
            assertTrue(status.output(), status.output().lines().anyMatch(l -> l.startsWith(component)
                    && l.contains("healthy") && !l.contains("UNHEALTHY")));
        }
        assertTrue(status.output(), status.output().contains("topics=access-logs(3) alerts(1)"));
        assertTrue(status.output(), status.output().contains("nodemanagers=1"));
        assertTrue(status.output(), status.output().contains("regionservers=1"));
    }

    @Test
    public void startAgainLeavesTheRunningServersAlone() throws Exception {
        long[] before = new long[COMPONENTS.size()];
        for (int i = 0; i < before.length; i++) {
            before[i] = LocalStack.pidOf(COMPONENTS.get(i));
        }
        LocalStack.Run again = LocalStack.run(Map.of(), "stack", "start").expectSuccess();
        assertEquals(again.output(), 4, again.output().lines().filter(l -> l.contains("already running")).count());
        for (int i = 0; i < before.length; i++) {
            assertEquals(before[i], LocalStack.pidOf(COMPONENTS.get(i)));
        }
    }

    @Test
    public void tailOfAMissingFileIsRefusedBeforeAnythingStarts() {
        LocalStack.Run run = LocalStack.run(Map.of(), "stack", "start", "--tail", "/nonexistent/nginx/access.log");
        assertEquals(1, run.exitCode());
        assertTrue(run.output(), run.output().contains("--tail /nonexistent/nginx/access.log: no such file"));
    }

    @Test
    public void tailOfSomethingThatIsNotAReadableFileIsRefused() {
        LocalStack.Run run = LocalStack.run(Map.of(), "stack", "start", "--tail", "/tmp");
        assertEquals(1, run.exitCode());
        assertTrue(run.output(), run.output().contains("not a readable file"));
    }

    @Test
    public void aJavaHomeWithoutJavaIsNamed() {
        LocalStack.Run run = LocalStack.run(Map.of("JAVA_HOME", "/nonexistent/jdk"), "stack", "start");
        assertEquals(1, run.exitCode());
        assertTrue(run.output(), run.output().contains("JAVA_HOME=/nonexistent/jdk has no bin/java"));
    }

    @Test
    public void aSecondStackUnderAnotherStateDirectoryIsRefused() {
        String other = LocalStack.HOME.resolve("target/it-other-stack").toString();
        LocalStack.Run run = LocalStack.run(Map.of("LOGPULSE_STATE_DIR", other), "stack", "start");
        assertEquals(1, run.exitCode());
        assertTrue(run.output(), run.output().contains("already running under another state directory, "
                + LocalStack.STATE));
        assertTrue(LocalStack.processesOfStack().size() >= 4);
    }

    @Test
    public void aBadGeneratorOptionIsNamed() {
        LocalStack.Run run = LocalStack.run(Map.of(), "generate", "--count", "many");
        assertEquals(2, run.exitCode());
        assertTrue(run.output(), run.output().contains("--count takes a positive whole number, got 'many'"));
        run = LocalStack.run(Map.of(), "generate", "--count", "10", "--scenarios", "--storm-errors", "20000");
        assertEquals(2, run.exitCode());
        assertTrue(run.output(), run.output().contains("--storm-errors takes at most 9985, got 20000"));
    }

    @Test
    public void scenariosInjectOneBurstAndOneStormOfTheGivenSizeEvery20000Lines() throws IOException {
        Path dir = LocalStack.STATE.resolve("scenario-lines");
        LocalStack.run(Map.of(), "generate", "--dir", dir.toString(), "--count", "40000", "--format", "json",
                "--scenarios", "--storm-errors", "300").expectSuccess();
        List<String> lines = new ArrayList<>();
        try (var files = Files.list(dir)) {
            for (Path file : files.toList()) {
                lines.addAll(Files.readAllLines(file));
            }
        }
        assertEquals(40_000, lines.size());
        assertEquals(2 * 15, lines.stream().filter(l -> l.contains("\"client_ip\":\"203.0.113.66\"")).count());
        assertEquals(2 * 300, lines.stream().filter(l -> l.contains("\"uri\":\"/api/v1/missing/")
                && l.contains("\"status\":\"404\"") && l.contains("\"host\":\"api.shop.example\"")).count());
    }

    @Test
    public void theJobRefusesABadSettingNamingItsKey() {
        LocalStack.Run run = LocalStack.run(Map.of(), "job", "--conf", "batch.interval.seconds=soon");
        assertEquals(run.output(), 2, run.exitCode());
        assertTrue(run.output(), run.output().contains("logpulse.batch.interval.seconds"));
        assertTrue(run.output(), run.output().contains("soon"));
    }
}
