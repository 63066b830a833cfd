package io.logpulse.ops;

import io.logpulse.config.LogPulseConfig;
import io.logpulse.dashboard.Dashboard;
import io.logpulse.report.ReportCommand;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import sun.misc.Signal;

/**
 * {@code bin/logpulse demo}: the whole pipeline on the local stack. Generated (or given) access logs go to Flume,
 * Kafka and the job on the local YARN, into HBase and HDFS, with a live status line and the alerts as they fire,
 * then the report. Each run is its own consumer group and checkpoint, started at the topic's end, so it counts only
 * the lines it feeds; the counter tables are the default ones and keep adding up across runs.
 *
 * <pre>
 * usage: logpulse demo [--duration D] [--rate LINES_PER_S] [--input FILE]... [--until-drained] [--report-json FILE]
 * </pre>
 *
 * <p>It ends when the inputs are counted ({@code --until-drained}), when the generator ({@code --duration}) ended
 * and the pipeline caught up, when {@code --duration} is over for given inputs, or on Ctrl-C; then it stops the
 * application on YARN, prints the report (and writes it as JSON with {@code --report-json}), and stops the stack if
 * it started it. Exit status:
 *
 * <ul>
 *   <li>0: done as above;</li>
 *   <li>1: a step failed (the tables, the submit, the generator, watching Kafka, the report);</li>
 *   <li>2: a bad option;</li>
 *   <li>3: stalled: nothing arrived and the job committed nothing for 5 minutes, or it had not caught up 5 minutes
 *       after the generator ended;</li>
 *   <li>4: the application ended on YARN (FINISHED, FAILED or KILLED) while the demo ran;</li>
 *   <li>130: stopped by Ctrl-C or SIGTERM.</li>
 * </ul>
 *
 * <p>Runs through {@code bin/logpulse}, which sets {@code LOGPULSE_HOME}, {@code LOGPULSE_STATE_DIR},
 * {@code LOGPULSE_STACK_RUNNING} (1 when the whole stack ran before the demo) and the job's classpath with the
 * stack's Hadoop and HBase configurations (the report reads HBase in this JVM).
 */
public final class Demo {

    static final int EXIT_FAILED = 1;
    static final int EXIT_STALLED = 3;
    static final int EXIT_APPLICATION_ENDED = 4;
    static final int EXIT_INTERRUPTED = 130;

    private static final Duration TICK = Duration.ofSeconds(2);
    private static final Duration REPORT_TIMEOUT = Duration.ofMinutes(2);
    /** From the submit: five times what a start took on the 2-core machine with the whole stack running. */
    private static final Duration FIRST_BATCH_TIMEOUT = Duration.ofMinutes(5);
    /** Checks of YARN are a JVM each: every 15th tick, about every 30 s. */
    private static final int TICKS_PER_YARN_CHECK = 15;
    private static final DateTimeFormatter RUN_ID = DateTimeFormatter.ofPattern("'demo-'yyyyMMdd-HHmmss");

    private final DemoOptions options;
    private final Launcher launcher;
    private final Path config;
    private final String run = RUN_ID.format(LocalDateTime.now());
    private boolean ownsStack;
    private volatile Process generator;
    /** The step running in a child process (the tables, the submit): stopped with its own children on Ctrl-C. */
    private volatile Process step;
    private volatile boolean submitting;
    private volatile String application;
    /** Not closed: the JVM exits right after the demo, and the Kafka client may not be closed from another thread. */
    private PipelineWatch watch;
    /** Stopped when the demo finishes, after the report: a user looking at it sees the last figures until then. */
    private volatile Dashboard dashboard;
    private YarnApplications yarn;
    private boolean finishing;

    private Demo(DemoOptions options, Launcher launcher) {
        this.options = options;
        this.launcher = launcher;
        this.config = launcher.home().resolve("conf/logpulse.properties");
    }

    public static void main(String[] args) throws Exception {
        DemoOptions options;
        try {
            String rate = System.getenv().getOrDefault("LOGPULSE_DEMO_RATE", "5000");
            if (!rate.matches("[1-9][0-9]{0,8}")) {
                throw new UsageException("LOGPULSE_DEMO_RATE takes lines per second (1 or more), got '" + rate + "'");
            }
            options = DemoOptions.parse(Arrays.asList(args), Integer.parseInt(rate));
        } catch (UsageException e) {
            say("logpulse: " + e.getMessage());
            System.exit(UsageException.EXIT);
            return;
        }
        new Demo(options, Launcher.fromEnvironment()).run();
    }

    private void run() throws Exception {
        if (!"1".equals(System.getenv("LOGPULSE_STACK_RUNNING"))) {
            ownsStack = true;
            if (launcher.run("stack", "start") != 0) {
                System.exit(EXIT_FAILED);
            }
        }
        var stack = launcher.stackEnv();
        Path tailDir = Path.of(stack.get("TAIL_DIR"));
        Path generatorDir = launcher.state().resolve("logs/generator");
        if (!tailDir.equals(generatorDir)) {
            say("logpulse: Flume tails " + tailDir + " (the stack was started with --tail); the demo feeds the"
                    + " generator's directory: run 'bin/logpulse stack stop', then the demo again");
            System.exit(EXIT_FAILED);
        }
        // Ctrl-C reaches the whole process group; the stop runs on a thread of its own, outside the JVM's shutdown,
        // so the report can still open HBase connections.
        Signal.handle(new Signal("INT"), signal -> finish(EXIT_INTERRUPTED));
        Signal.handle(new Signal("TERM"), signal -> finish(EXIT_INTERRUPTED));

        Path logs = launcher.state().resolve("logs");
        say("1/4 creating the HBase tables with the hbase shell (hbase-schema/create_tables.rb)");
        Path tablesLog = logs.resolve(run + "-tables.log");
        step = Launcher.start(launcher.command("shell",
                launcher.home().resolve("hbase-schema/create_tables.rb").toString()).redirectErrorStream(true)
                .redirectOutput(tablesLog.toFile()));
        int tables = step.waitFor();
        if (tables != 0) {
            fail(EXIT_FAILED, Launcher.tail(tablesLog, 20) + "\nlogpulse: creating the tables failed; see "
                    + tablesLog);
        }
        long expected = 0;
        if (options.untilDrained()) {
            for (Path input : options.inputs()) {
                expected += linesOf(input);
            }
        }
        LogPulseConfig settings = LogPulseConfig.fromCommandLine(List.of("--config", config.toString()));
        PipelineTopics topics = new PipelineTopics(stack.get("KAFKA_BOOTSTRAP"), settings.kafkaTopic(), run,
                settings.kafkaStatusTopic(), settings.kafkaAlertsTopic());
        try {
            watch = new PipelineWatch(topics, true);
        } catch (IllegalStateException e) {
            fail(EXIT_FAILED, "logpulse: " + e.getMessage());
        }
        dashboard = startDashboard(topics.bootstrap());

        // Seed 000's "more than 15 4xx a minute per host" is below what every generated host answers at demo rates
        // (the busiest gets ~2.3 x rate 4xx a minute), so with the generator the threshold scales to 4 x rate and the
        // injected storm is larger than it: only the injected scenarios raise alerts.
        boolean generated = options.inputs().isEmpty();
        int stormThreshold = Math.max(options.rate() * 4, 15);
        int stormErrors = Math.min(stormThreshold + 10, 9985);
        List<String> submit = new ArrayList<>(List.of("submit", "--name", "logpulse-" + run, "--executor-cores", "2",
                "--", "--conf", "kafka.group.id=" + run, "--conf", "kafka.start=group", "--conf",
                "checkpoint.dir=" + stack.get("HDFS_URI") + "/logpulse/" + run + "/checkpoint"));
        if (generated) {
            submit.addAll(List.of("--conf", "rule.host_error_storm.threshold=" + stormThreshold));
        }
        say("2/4 submitting the job to the local YARN (yarn/logpulse-yarn submit, cluster mode)");
        long t0 = System.nanoTime();
        submitting = true;
        Path submitLog = logs.resolve(run + "-submit.log");
        Process submission = Launcher.start(launcher.command(submit.toArray(String[]::new))
                .redirectError(submitLog.toFile()));
        step = submission;
        String submitted = new String(submission.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (submission.waitFor() != 0 || submitted.isEmpty()) {
            fail(EXIT_FAILED, Launcher.tail(submitLog, 20) + "\nlogpulse: submitting the job failed");
        }
        application = submitted;
        say("    " + application + " submitted in " + seconds(t0) + "; its driver's log: bin/logpulse yarn logs "
                + application);
        awaitFirstBatch(t0);

        if (generated) {
            startGenerator(stormThreshold, stormErrors, logs.resolve(run + "-generator.log"));
        } else {
            say("3/4 feeding " + options.inputs().size() + " file(s) to Flume through " + tailDir
                    + (options.untilDrained() ? "; done when all " + expected + " lines are counted" : ""));
            feed(tailDir);
        }
        say("4/4 running; Ctrl-C stops everything and prints the report");
        follow(expected, logs.resolve(run + "-generator.log"));
        finish(0);
    }

    /**
     * The dashboard in this JVM, on the demo's tables and topics. A port already taken is not worth failing the
     * demo over: it takes a free one and says so.
     */
    private Dashboard startDashboard(String bootstrap) {
        LogPulseConfig settings = LogPulseConfig.fromCommandLine(List.of("--config", config.toString(), "--conf",
                "kafka.bootstrap.servers=" + bootstrap));
        Dashboard started;
        try {
            started = Dashboard.start(settings, Dashboard.DEFAULT_BIND, options.dashboardPort());
        } catch (Dashboard.PortInUseException taken) {
            say("    port " + options.dashboardPort() + " is in use; the dashboard takes a free one"
                    + " (--dashboard-port N chooses)");
            started = Dashboard.start(settings, Dashboard.DEFAULT_BIND, 0);
        }
        say("    dashboard: " + started.url());
        return started;
    }

    private void startGenerator(int stormThreshold, int stormErrors, Path log) {
        // Seed 000's JSON lines: the only generated format that carries the client's country. A fresh client for
        // nearly every line: at demo rates the population's heavy clients make far more than 10 requests in 20 s,
        // and client_burst would fire for them too, not only for the injected burst.
        List<String> args = new ArrayList<>(List.of("generate", "--rate", String.valueOf(options.rate()), "--format",
                "json", "--scenarios", "--storm-errors", String.valueOf(stormErrors), "--unique-clients"));
        if (options.duration() != null) {
            args.addAll(List.of("--duration", options.duration()));
        }
        say("3/4 generating " + options.rate() + " lines/s (seed 000's JSON) with the alert scenarios"
                + (options.duration() == null ? "" : " for " + options.duration()) + ":");
        say("    every 20,000 lines client 203.0.113.66 sends 15 requests at once (client_burst: > 10 in 20 s) and");
        say("    api.shop.example answers " + stormErrors + " 404s (host_error_storm, for this rate: > "
                + stormThreshold + " 4xx in 60 s)");
        generator = Launcher.start(launcher.command(args.toArray(String[]::new)).redirectErrorStream(true)
                .redirectOutput(log.toFile()));
    }

    /** Each input into Flume's directory under a new name, whole: a temporary name first, then a rename. */
    private void feed(Path tailDir) throws IOException {
        int i = 0;
        for (Path input : options.inputs()) {
            String name = "access-input-" + run + "-" + ++i + ".log";
            Path temporary = tailDir.resolve("." + name + ".tmp");
            try (InputStream in = Files.newInputStream(input); OutputStream out = Files.newOutputStream(temporary)) {
                in.transferTo(out);
                // Flume reads whole lines only: a last line without its newline would never be sent.
                if (Files.size(input) > 0 && !endsWithNewline(input)) {
                    out.write('\n');
                }
            }
            Files.move(temporary, tailDir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        }
    }

    /**
     * Waits for the job's first batch, empty or not, before any line is written: lines written while YARN starts
     * the driver and executors (about a minute here) would make a backlog that hides how the job keeps up live.
     */
    private void awaitFirstBatch(long submittedNanos) throws InterruptedException {
        say("    waiting for the job's first batch (YARN starts its driver and executors)...");
        for (int tick = 1; ; tick++) {
            PipelineSample sample = nextSample();
            if (sample.lastBatch() != null) {
                say("    the job runs: its first batch completed " + seconds(submittedNanos) + " after the submit");
                return;
            }
            long waited = System.nanoTime() - submittedNanos;
            if (waited > FIRST_BATCH_TIMEOUT.toNanos()) {
                fail(EXIT_STALLED, "logpulse: the job completed no batch within " + FIRST_BATCH_TIMEOUT.toMinutes()
                        + " minutes of its submit; its log: bin/logpulse yarn logs " + application);
            }
            if (tick % TICKS_PER_YARN_CHECK == 0) {
                YarnApplicationState state = yarn().state(application);
                if (state != null && YarnApplications.ENDED.contains(state)) {
                    fail(EXIT_APPLICATION_ENDED, "logpulse: the job ended on YARN (" + state
                            + ") before its first batch; its log: bin/logpulse yarn logs " + application);
                }
                say("    still waiting, " + seconds(submittedNanos) + " after the submit (YARN state " + state + ")");
            }
        }
    }

    /** What the status and alert topics said within the next tick; a watcher that stopped ends the demo. */
    private PipelineSample nextSample() throws InterruptedException {
        try {
            return watch.poll(TICK);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            fail(EXIT_FAILED, "logpulse: the Kafka watcher stopped: " + e);
            throw new IllegalStateException("unreachable: the demo has exited", e);
        }
    }

    /** Prints the pipeline's news until the demo is done, stalled, or the application ended. */
    private void follow(long expected, Path generatorLog) throws InterruptedException {
        long start = System.currentTimeMillis();
        long deadline = generator == null && options.duration() != null
                ? start + DemoOptions.seconds(options.duration()) * 1000 : 0;
        DemoProgress progress = new DemoProgress(expected, start, deadline);
        boolean generatorRunning = generator != null;
        for (int tick = 1; ; tick++) {
            PipelineSample sample = nextSample();
            watch.takeAlerts().forEach(alert -> say("  ALERT " + PipelineWatch.describeAlert(alert)));
            say("  " + sample.statusLine());
            long now = System.currentTimeMillis();
            if (generatorRunning && !generator.isAlive()) {
                generatorRunning = false;
                if (generator.exitValue() != 0) {
                    fail(EXIT_FAILED, "logpulse: the generator failed (exit " + generator.exitValue() + "): "
                            + Launcher.tail(generatorLog, 5));
                }
                say("generator finished; waiting until Flume and the job have caught up"
                        + " (nothing arriving, kafka lag 0)");
                progress.generatorFinished(now);
            }
            switch (progress.observe(sample, now)) {
                case DRAINED -> {
                    say(String.format("drained: %,d lines arrived and were committed by group %s", sample.arrived(),
                            run));
                    return;
                }
                case CAUGHT_UP, DURATION_OVER -> {
                    return;
                }
                case NOT_CAUGHT_UP -> fail(EXIT_STALLED,
                        "the job did not catch up within 5 minutes; the report shows what it has counted");
                case STALLED -> fail(EXIT_STALLED, String.format("logpulse: nothing arrived and the job committed"
                        + " nothing for %d minutes (lines in %,d, lag %,d); see Flume's log %s and the job's:"
                        + " bin/logpulse yarn logs %s", DemoProgress.STALL_MS / 60_000, sample.arrived(),
                        sample.lag(), launcher.state().resolve("logs/flume.log"), application));
                case RUNNING -> {
                    if (tick % TICKS_PER_YARN_CHECK == 0) {
                        YarnApplicationState state = yarn().state(application);
                        if (state != null && YarnApplications.ENDED.contains(state)) {
                            fail(EXIT_APPLICATION_ENDED, "logpulse: the job ended on YARN (" + state
                                    + "); its log: bin/logpulse yarn logs " + application);
                        }
                    }
                }
            }
        }
    }

    private void fail(int exit, String message) {
        say(message);
        finish(exit);
    }

    /**
     * Stops what the demo started and exits: the generator, the application on YARN (then the report, once the job
     * no longer writes, so the table and the JSON show the same figures), and the stack if the demo started it. Runs
     * once: a second caller (a second Ctrl-C, the main thread failing meanwhile) waits here until the JVM exits.
     */
    private synchronized void finish(int exit) {
        if (finishing) {
            return;
        }
        finishing = true;
        // A second Ctrl-C must not cut the cleanup short.
        Signal.handle(new Signal("INT"), signal -> { });
        int rc = exit;
        try {
            stop(step);
            stop(generator);
            // A Ctrl-C during the submit leaves no id yet, though YARN may have the application: find it by its name.
            if (application == null && submitting) {
                try {
                    application = yarn().named("logpulse-" + run);
                } catch (IOException e) {
                    say("logpulse: " + e.getMessage() + "; if logpulse-" + run + " runs: bin/logpulse yarn kill ID");
                }
            }
            if (application != null) {
                rc = stopApplicationAndReport(rc);
            }
            if (dashboard != null) {
                dashboard.close();
            }
            if (ownsStack) {
                launcher.run("stack", "stop");
            } else {
                say("the stack was running before the demo and keeps running (bin/logpulse stack stop stops it)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            rc = EXIT_INTERRUPTED;
        }
        System.exit(rc);
    }

    /** Made on first use: the ResourceManager's address is in the yarn-site.xml the stack writes when it starts. */
    private synchronized YarnApplications yarn() {
        if (yarn == null) {
            yarn = new YarnApplications();
        }
        return yarn;
    }

    private static void stop(Process process) {
        if (process != null) {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
        }
    }

    private int stopApplicationAndReport(int exit) throws InterruptedException {
        int rc = exit;
        say("");
        say("stopping " + application + " on YARN");
        try {
            yarn().kill(application);
        } catch (IOException e) {
            say("could not kill " + application + " (" + e.getMessage() + "): bin/logpulse yarn kill " + application);
        }
        for (int i = 0; i < 20; i++) {
            YarnApplicationState state = yarn().state(application);
            if (state == null || YarnApplications.ENDED.contains(state)) {
                break;
            }
            Thread.sleep(1000);
        }
        if (report(System.out) != 0) {
            say("the report failed or took over 2 minutes: bin/logpulse report");
            rc = EXIT_FAILED;
        }
        if (options.reportJson() != null) {
            ByteArrayOutputStream json = new ByteArrayOutputStream();
            if (report(new PrintStream(json, true, StandardCharsets.UTF_8), "--format", "json") == 0) {
                try {
                    Files.write(options.reportJson(), json.toByteArray());
                    say("report written to " + options.reportJson());
                } catch (IOException e) {
                    say("logpulse: writing " + options.reportJson() + " failed: " + e.getMessage());
                    rc = EXIT_FAILED;
                }
            } else {
                rc = EXIT_FAILED;
            }
        }
        return rc;
    }

    /** {@code bin/logpulse report args...} in this JVM, given 2 minutes; its exit status, 1 when it took longer. */
    private int report(PrintStream out, String... args) throws InterruptedException {
        List<String> all = new ArrayList<>(List.of("--config", config.toString()));
        all.addAll(List.of(args));
        int[] rc = {EXIT_FAILED};
        Thread thread = new Thread(() -> rc[0] = ReportCommand.run(all.toArray(String[]::new), out, System.err),
                "report");
        thread.setDaemon(true);
        thread.start();
        thread.join(REPORT_TIMEOUT.toMillis());
        return thread.isAlive() ? EXIT_FAILED : rc[0];
    }

    /** Lines as {@code awk 'END { print NR }'} counts them: a last line without its newline counts too. */
    static long linesOf(Path file) throws IOException {
        long lines = 0;
        int last = '\n';
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        lines++;
                    }
                }
                last = buffer[n - 1];
            }
        }
        return last == '\n' ? lines : lines + 1;
    }

    private static boolean endsWithNewline(Path file) throws IOException {
        try (var channel = Files.newByteChannel(file)) {
            channel.position(channel.size() - 1);
            ByteBuffer last = ByteBuffer.allocate(1);
            channel.read(last);
            return last.get(0) == '\n';
        }
    }

    private static String seconds(long startNanos) {
        long ms = (System.nanoTime() - startNanos) / 1_000_000;
        return ms / 1000 + "." + ms % 1000 / 100 + "s";
    }

    static void say(String line) {
        System.err.println(line);
    }
}
