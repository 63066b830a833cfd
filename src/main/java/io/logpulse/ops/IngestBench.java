package io.logpulse.ops;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * {@code bin/logpulse bench ingest}: the throughput of the ingest half. The generator alone (into a directory Flume
 * does not tail), then Flume (TAILDIR, file channel, Kafka sinks) on the generator's output, measured by the growth
 * of the input topic.
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
        Path scratch = launcher.state().resolve("bench/generator-" + ProcessHandle.current().pid());
        Demo.say("1/2 generator alone: " + lines + " lines to " + scratch + " (not tailed)");
        Process alone = Launcher.start(launcher.command("generate", "--dir", scratch.toString(), "--count",
                String.valueOf(lines)).redirectOutput(ProcessBuilder.Redirect.DISCARD));
        String generated = new String(alone.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                .filter(l -> l.contains("lines in")).reduce((first, last) -> last).orElse("no result");
        if (alone.waitFor() != 0) {
            throw new IllegalStateException("the generator failed: " + generated);
        }
        JobBench.deleteTree(scratch);

        Demo.say("2/2 Flume -> Kafka: " + lines + " lines through the tailed directory");
        Process meter = Launcher.start(new KafkaTools(launcher.home()).command("256m",
                "io.logpulse.stack.TopicGrowthMeter", bootstrap, "access-logs", String.valueOf(lines),
                String.valueOf(DELIVERY_TIMEOUT_SECONDS)).redirectError(ProcessBuilder.Redirect.INHERIT));
        String arrived = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(meter.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line = out.readLine();
            if (!"ready".equals(line)) {
                throw new IllegalStateException("the Kafka meter failed: " + line);
            }
            Process feed = Launcher.start(launcher.command("generate", "--count", String.valueOf(lines))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD));
            for (line = out.readLine(); line != null; line = out.readLine()) {
                arrived = line;
            }
            feed.waitFor();
        }
        if (meter.waitFor() != 0) {
            throw new IllegalStateException("Flume did not deliver " + lines + " lines to Kafka within "
                    + DELIVERY_TIMEOUT_SECONDS + " s: " + arrived);
        }
        System.out.printf("%n| stage | result |%n|---|---|%n");
        System.out.printf("| generator (log4j 2 rolling files, combined-ext, ~%d B/line) | %s |%n", 210,
                generated.replaceFirst("^generated ", ""));
        System.out.printf("| Flume -> Kafka (TAILDIR, file channel, 2 Kafka sinks, acks=all) | %s |%n",
                arrived.replaceFirst("^arrived ", ""));
        System.out.printf("%nmachine: %s%n", KafkaTools.machine());
    }
}
