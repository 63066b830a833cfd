package io.logpulse.ops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The CPU time one of the local stack's servers has used, all its threads together, as the OS counts it. The
 * server is the process its pid file names ({@code $STATE/pids/<component>.pid}, written by the stack's start).
 * A bench reads it before and after a step: CPU per line is what says why a rate is what it is on a machine whose
 * cores every server shares, where the rate alone swings with whatever else runs.
 */
final class ServerCpu {

    private final String component;
    private final ProcessHandle process;

    private ServerCpu(String component, ProcessHandle process) {
        this.component = component;
        this.process = process;
    }

    /** The running server, or empty when its pid file is missing or names no live process. */
    static Optional<ServerCpu> of(Path state, String component) throws IOException {
        Path pidFile = state.resolve("pids").resolve(component + ".pid");
        String pid;
        try {
            pid = Files.readString(pidFile, StandardCharsets.US_ASCII).strip();
        } catch (NoSuchFileException notStarted) {
            return Optional.empty();
        }
        try {
            return ProcessHandle.of(Long.parseLong(pid)).filter(ProcessHandle::isAlive)
                    .map(process -> new ServerCpu(component, process));
        } catch (NumberFormatException e) {
            throw new IOException(pidFile + " holds no pid: '" + pid + "'; run 'bin/logpulse stack status'", e);
        }
    }

    String component() {
        return component;
    }

    /** Its CPU time so far; the OS may not tell (then the bench says so instead of printing a figure). */
    Optional<Duration> used() {
        return process.info().totalCpuDuration();
    }

    /** Microseconds of CPU per line between two readings. */
    static double microsPerLine(Duration before, Duration after, long lines) {
        if (lines <= 0) {
            throw new IllegalArgumentException("lines must be > 0, was " + lines);
        }
        return after.minus(before).toNanos() / 1000.0 / lines;
    }
}
