package io.logpulse.ops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code bin/logpulse} as a child process, under the same state directory: the demo and the bench use its commands
 * (stack, shell, submit, yarn, generate, job) rather than do again what it does. {@code bin/logpulse} exports
 * {@code LOGPULSE_HOME} and {@code LOGPULSE_STATE_DIR} to the mains it runs.
 */
final class Launcher {

    private final Path home;
    private final Path state;

    Launcher(Path home, Path state) {
        this.home = home;
        this.state = state;
    }

    /** The launcher of the environment {@code bin/logpulse} set. */
    static Launcher fromEnvironment() {
        String home = System.getenv("LOGPULSE_HOME");
        String state = System.getenv("LOGPULSE_STATE_DIR");
        if (home == null || state == null) {
            throw new IllegalStateException("LOGPULSE_HOME and LOGPULSE_STATE_DIR are not set: run this through"
                    + " bin/logpulse");
        }
        return new Launcher(Path.of(home), Path.of(state));
    }

    Path home() {
        return home;
    }

    Path state() {
        return state;
    }

    /** {@code bin/logpulse args...}, not started. */
    ProcessBuilder command(String... args) {
        List<String> command = new ArrayList<>();
        command.add(home.resolve("bin/logpulse").toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile());
        builder.environment().put("LOGPULSE_STATE_DIR", state.toString());
        return builder;
    }

    /** Runs {@code bin/logpulse args...} on this terminal (its progress shows) and returns its exit status. */
    int run(String... args) throws InterruptedException {
        return start(command(args).inheritIO()).waitFor();
    }

    /** The client settings a running stack wrote ({@code KAFKA_BOOTSTRAP}, {@code HDFS_URI}, {@code TAIL_DIR}, ...). */
    Map<String, String> stackEnv() {
        Path file = state.resolve("stack.env");
        Map<String, String> env = new HashMap<>();
        try {
            for (String line : Files.readAllLines(file)) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    env.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("no local stack under " + state + ": run 'bin/logpulse stack start' first",
                    e);
        }
        return env;
    }

    /** The last {@code n} lines of a log, to show why a step failed. */
    static String tail(Path log, int n) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no log at " + log + ")";
        }
    }

    static Process start(ProcessBuilder builder) {
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + builder.command().get(0), e);
        }
    }
}
