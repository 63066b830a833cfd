package io.logpulse.ops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * The CPU time a process has used, all its threads together, as the OS counts it: one of the local stack's servers
 * (the process its pid file names, {@code $STATE/pids/<component>.pid}, written by the stack's start) or a job a
 * bench started. A bench reads it before and after a step: CPU per line is what says why a rate is what it is on a
 * machine whose cores every server shares, where the rate alone swings with whatever else runs.
 */
record ProcessCpu(String name, ProcessHandle process) {

    /** The running server, or empty when its pid file is missing or names no live process. */
    static Optional<ProcessCpu> ofServer(Path state, String component) throws IOException {
        Path pidFile = state.resolve("pids").resolve(component + ".pid");
        String pid;
        try {
            pid = Files.readString(pidFile, StandardCharsets.US_ASCII).strip();
        } catch (NoSuchFileException notStarted) {
            return Optional.empty();
        }
        try {
            return ProcessHandle.of(Long.parseLong(pid)).filter(ProcessHandle::isAlive)
                    .map(process -> new ProcessCpu(component, process));
        } catch (NumberFormatException e) {
            throw new IOException(pidFile + " holds no pid: '" + pid + "'; run 'bin/logpulse stack status'", e);
        }
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

    /** The CPU time of some processes at one moment, each absent where the OS did not tell. */
    record Snapshot(List<ProcessCpu> processes, List<Optional<Duration>> used) {

        Snapshot {
            processes = List.copyOf(processes);
            used = List.copyOf(used);
            if (processes.size() != used.size()) {
                throw new IllegalArgumentException(processes.size() + " processes but " + used.size() + " readings");
            }
        }

        static Snapshot of(List<ProcessCpu> processes) {
            return new Snapshot(processes, processes.stream().map(ProcessCpu::used).toList());
        }

        /** CPU per line of each process from this snapshot to a later one, or empty where either did not tell. */
        List<Optional<Double>> microsPerLine(Snapshot later, long lines) {
            if (!later.processes.equals(processes)) {
                throw new IllegalArgumentException("snapshots of other processes");
            }
            return IntStream.range(0, processes.size())
                    .mapToObj(i -> used.get(i).isEmpty() || later.used.get(i).isEmpty() ? Optional.<Double>empty()
                            : Optional.of(ProcessCpu.microsPerLine(used.get(i).get(), later.used.get(i).get(), lines)))
                    .toList();
        }
    }

    /** {@code 20.0 us}, or {@code not known}. */
    static String render(Optional<Double> micros) {
        return micros.map(m -> String.format(Locale.ROOT, "%.1f us", m)).orElse("not known");
    }

    /** The lines per second that {@code micros} of CPU per line allow on {@code cores}, or {@code not known}. */
    static String allows(int cores, Optional<Double> micros) {
        return micros.filter(m -> m > 0).map(m -> String.format(Locale.ROOT, "%,.0f lines/s", cores * 1e6 / m))
                .orElse("not known");
    }
}
