package io.logpulse.ops;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@code bin/logpulse bench ingest}: the throughput of the ingest half. The generator alone (into a directory Flume
 * does not tail); then Flume (TAILDIR, file channel, Kafka sinks) live, on what the generator writes meanwhile into
 * the tailed directory (on 2 cores the generator's CPU is Flume's loss); then Flume on a backlog, the first step's
 * files moved into the tailed directory at once, as rotated logs. Flume's rates are the input topic's growth.
 * For each Flume step it also prints the CPU that Flume and the Kafka broker used per line, and the rate that
 * cost allows on this machine's cores: on a machine where every server shares 2 cores, that is the limit.
 *
 * <pre>
 * usage: logpulse bench ingest [--lines N]
 * </pre>
 *
 * <p>Exit status: 0 with the table; 1 when a step failed or Flume did not deliver every line within 900 s; 2 for a
 * bad option.
 */
public final class IngestBench {

    private static final String USAGE = "logpulse bench ingest [--lines N]";
    private static final int DELIVERY_TIMEOUT_SECONDS = 900;

    private IngestBench() {
    }

    public static void main(String[] args) throws Exception {
        long lines = 1_000_000;
        try {
            OptionReader options = new OptionReader(Arrays.asList(args));
            while (options.hasNext()) {
                String option = options.next();
                if (!option.equals("--lines")) {
                    throw new UsageException("bench ingest: unknown option " + option + " (usage: " + USAGE + ")");
                }
                lines = options.wholeNumber(option);
            }
        } catch (UsageException e) {
            Demo.say("logpulse: " + e.getMessage());
            System.exit(UsageException.EXIT);
        }
        try {
            run(Launcher.fromEnvironment(), lines);
        } catch (IllegalStateException e) {
            Demo.say("logpulse: " + e.getMessage());
            System.exit(1);
        }
    }

    private static void run(Launcher launcher, long lines) throws Exception {
        if (launcher.run("stack", "start") != 0) {
            throw new IllegalStateException("the stack did not start; see above");
        }
        String bootstrap = launcher.stackEnv().get("KAFKA_BOOTSTRAP");
        List<ProcessCpu> servers = new ArrayList<>();
        for (String component : List.of("flume", "kafka")) {
            ProcessCpu.ofServer(launcher.state(), component).ifPresent(servers::add);
        }
        Path tailDir = Path.of(launcher.stackEnv().get("TAIL_DIR"));
        Path scratch = launcher.state().resolve("bench/generator-" + ProcessHandle.current().pid());
        Demo.say("1/3 generator alone: " + lines + " lines to " + scratch + " (not tailed)");
        Process alone = Launcher.start(launcher.command("generate", "--dir", scratch.toString(), "--count",
                String.valueOf(lines)).redirectOutput(ProcessBuilder.Redirect.DISCARD));
        String generated = new String(alone.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                .filter(l -> l.contains("lines in")).reduce((first, last) -> last).orElse("no result");
        if (alone.waitFor() != 0) {
            throw new IllegalStateException("the generator failed: " + generated);
        }

        Demo.say("2/3 Flume -> Kafka, live: the generator writes " + lines + " lines into the tailed directory");
        Step live = arrived(launcher, bootstrap, lines, servers, () -> {
            return Optional.of(Launcher.start(launcher.command("generate", "--count", String.valueOf(lines))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)));
        });

        Demo.say("3/3 Flume -> Kafka, backlog: step 1's files moved into the tailed directory at once");
        Step backlog = arrived(launcher, bootstrap, lines, servers, () -> {
            try (Stream<Path> files = Files.list(scratch)) {
                for (Path file : files.sorted().toList()) {
                    // A rename within the state directory: Flume sees each file whole, as a rotated log. The name
                    // keeps the generator's "access-" that the tailed pattern asks for.
                    Files.move(file, tailDir.resolve(file.getFileName().toString()
                            .replaceFirst("^access-", "access-backlog-")), StandardCopyOption.ATOMIC_MOVE);
                }
            }
            return Optional.empty();
        });
        JobBench.deleteTree(scratch);

        System.out.printf("%n| stage | result |%n|---|---|%n");
        System.out.printf("| generator (log4j 2 rolling files, combined-ext, ~%d B/line) | %s |%n", 210,
                generated.replaceFirst("^generated ", ""));
        System.out.printf("| Flume -> Kafka live (TAILDIR, file channel, 2 Kafka sinks, acks=all), the generator "
                + "writing beside it on the same cores | %s |%n", live.arrived());
        System.out.printf("| Flume -> Kafka from a backlog of written files (the same Flume) | %s |%n", backlog.arrived());
        int cores = Runtime.getRuntime().availableProcessors();
        for (ProcessCpu server : servers) {
            System.out.printf("| %s's CPU per line, live / backlog (all its threads, GC included) | %s / %s |%n",
                    server.name(), ProcessCpu.render(live.microsPerLine(server)),
                    ProcessCpu.render(backlog.microsPerLine(server)));
        }
        servers.stream().filter(server -> server.name().equals("flume")).findFirst().ifPresent(flume -> {
            System.out.printf("| what Flume's backlog cost allows on %d cores with nothing else running | %s |%n",
                    cores, ProcessCpu.allows(cores, backlog.microsPerLine(flume)));
        });
        System.out.printf("%nmachine: %s%n", KafkaTools.machine());
    }

    /** A Flume step's result: the meter's line ({@code N records in S s from the first: R records/s}) and CPU. */
    private record Step(String arrived, long lines, ProcessCpu.Snapshot before, ProcessCpu.Snapshot after) {

        Optional<Double> microsPerLine(ProcessCpu server) {
            return before.microsPerLine(after, lines).get(before.processes().indexOf(server));
        }
    }

    /** Starts writing the lines once the Kafka meter is ready: the process still writing, waited for at the end. */
    private interface Writer {
        Optional<Process> start() throws IOException;
    }

    /**
     * Meters the input topic until {@code lines} more records arrived, the writer started once the meter is ready,
     * and reads the servers' CPU time around it (the meter's start excluded, the writer's included).
     */
    private static Step arrived(Launcher launcher, String bootstrap, long lines, List<ProcessCpu> servers,
                                Writer writer) throws Exception {
        Process meter = Launcher.start(new KafkaTools(launcher.home()).command("256m",
                "io.logpulse.stack.TopicGrowthMeter", bootstrap, "access-logs", String.valueOf(lines),
                String.valueOf(DELIVERY_TIMEOUT_SECONDS)).redirectError(ProcessBuilder.Redirect.INHERIT));
        String arrived = null;
        ProcessCpu.Snapshot before;
        ProcessCpu.Snapshot after;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(meter.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line = out.readLine();
            if (!"ready".equals(line)) {
                throw new IllegalStateException("the Kafka meter failed: " + line);
            }
            before = ProcessCpu.Snapshot.of(servers);
            Optional<Process> writing = writer.start();
            for (line = out.readLine(); line != null; line = out.readLine()) {
                arrived = line;
            }
            after = ProcessCpu.Snapshot.of(servers);
            if (writing.isPresent()) {
                writing.get().waitFor();
            }
        }
        if (meter.waitFor() != 0) {
            throw new IllegalStateException("Flume did not deliver " + lines + " lines to Kafka within "
                    + DELIVERY_TIMEOUT_SECONDS + " s: " + arrived);
        }
        return new Step(arrived.replaceFirst("^arrived ", ""), lines, before, after);
    }
}
