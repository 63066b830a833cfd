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
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * The real local stack, driven through {@code bin/logpulse} exactly as a user drives it, under its own state
 * directory ({@code target/it-stack}). Started once per suite; stopped, and checked to leave no process, at its end.
 */
public final class LocalStack {
    public static final Path HOME = Path.of(System.getenv().getOrDefault("LOGPULSE_HOME",
            System.getProperty("user.dir"))).toAbsolutePath();
    /** LOGPULSE_IT_STATE_DIR points the tests at a stack that is already running (a developer's), kept running. */
    public static final Path STATE = Path.of(System.getenv().getOrDefault("LOGPULSE_IT_STATE_DIR",
            HOME.resolve("target/it-stack").toString())).toAbsolutePath();
    private static final boolean KEEP_RUNNING = System.getenv("LOGPULSE_IT_STATE_DIR") != null;

    private LocalStack() {}

    /** Output and exit code of one CLI run. */
    public record Run(int exitCode, String output) {
        public Run expectSuccess() {
            assertEquals("command failed:\n" + output, 0, exitCode);
            return this;
        }
    }

    private static boolean started;

    /** Starts the stack once per JVM; a shutdown hook stops it if the suite's end did not. */
    public static synchronized void start() {
        if (started) {
            return;
        }
        run(Map.of(), "stack", "start").expectSuccess();
        started = true;
        if (KEEP_RUNNING) {
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (isStarted()) {
                run(Map.of(), "stack", "stop");
            }
        }, "local-stack-stop"));
    }

    private static synchronized boolean isStarted() {
        return started;
    }

    public static synchronized void stop() {
        if (KEEP_RUNNING) {
            return;
        }
        started = false;
        run(Map.of(), "stack", "stop").expectSuccess();
        assertTrue("processes of the stack still running after stop: " + processesOfStack(),
                processesOfStack().isEmpty());
    }

    /** Runs {@code bin/logpulse args...} against the test stack, with extra environment variables. */
    public static Run run(Map<String, String> env, String... args) {
        ProcessBuilder builder = command(args);
        builder.environment().putAll(env);
        Run run = finished(builder);
        String output = run.output();
        // Container logs run to megabytes: the end is what explains a failure.
        String shown = output.length() > 8_000 ? "[...]" + output.substring(output.length() - 8_000) : output;
        System.out.println("$ logpulse " + String.join(" ", args) + "  (exit " + run.exitCode() + ")\n" + shown);
        return run;
    }

    /**
     * The standard output of {@code bin/logpulse args...}, which must succeed, as a user's {@code > file} takes it:
     * the command's log lines go to stderr, shown in the test's output, and never into what a parser reads.
     */
    public static String stdoutOf(String... args) {
        Run run = finished(command(args).redirectErrorStream(false).redirectError(ProcessBuilder.Redirect.INHERIT));
        assertEquals("bin/logpulse " + String.join(" ", args) + " failed; its stderr is above", 0, run.exitCode());
        return run.output();
    }

    /** Runs the command to its end: its exit code and what it wrote to its standard output. */
    private static Run finished(ProcessBuilder builder) {
        try {
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new Run(process.waitFor(), output);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run bin/logpulse", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code bin/logpulse args...} against the test stack, to start in the background. */
    public static ProcessBuilder command(String... args) {
        List<String> command = new ArrayList<>();
        command.add(HOME.resolve("bin/logpulse").toString());
        command.addAll(List.of(args));
        // No stdin, as on CI: a command that waits for input must fail, not hang the suite.
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).directory(HOME.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().put("LOGPULSE_STATE_DIR", STATE.toString());
        return builder;
    }

    /** The client settings the stack wrote (KAFKA_BOOTSTRAP, HADOOP_CONF_DIR, FLUME_AVRO, TAIL_DIR, ...). */
    public static Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        try {
            for (String line : Files.readAllLines(STATE.resolve("stack.env"))) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    env.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("the stack has not written its client settings yet", e);
        }
        return env;
    }

    public static long pidOf(String component) throws IOException {
        return Long.parseLong(Files.readString(STATE.resolve("pids/" + component + ".pid")).trim());
    }

    /** Every process whose command line names the test stack's state directory. */
    public static List<String> processesOfStack() {
        List<String> found = new ArrayList<>();
        String inside = STATE + "/";
        String named = "-Dlogpulse.stack=" + STATE + " ";
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            procs.filter(p -> p.getFileName().toString().matches("\\d+")).forEach(p -> {
                try {
                    String cmdline = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8)
                            .replace('\0', ' ');
                    if ((cmdline.contains(inside) || cmdline.contains(named)) && ProcessHandle.current().pid() != Long.parseLong(
                            p.getFileName().toString())) {
                        found.add(p.getFileName() + ": " + cmdline.substring(0, Math.min(160, cmdline.length())));
                    }
                } catch (IOException ignored) {
                    // the process ended while we looked
                }
            });
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return found;
    }

    /** Polls a condition until it holds or the deadline passes; returns whether it held. */
    public static boolean await(Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return condition.getAsBoolean();
    }
}
