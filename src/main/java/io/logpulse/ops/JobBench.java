package io.logpulse.ops;

import io.logpulse.config.LogPulseConfig;
import io.logpulse.event.AccessLogParser;
import io.logpulse.status.BatchStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * {@code bin/logpulse bench job}: the job's throughput against the physical limit of its source, a plain consumer
 * draining the same topic, and against a naive job. It loads generated lines into a topic of its own, after a
 * warm-up of one capped batch of lines, drains it, runs the job on it until every line is counted and
 * {@value JobBenchTable#EMPTY_BATCHES_TO_END} empty batches
 * followed, reading the job's {@link BatchStatus}es from a status topic of its own. It runs the job again once per
 * batch size and once per client population, each on a rate cap that makes its batches that size, for the two
 * {@link BatchScalingTable}s; then the naive job; then it prints {@link JobBenchTable}'s tables, the CPU per record
 * and the scaling tables.
 *
 * <pre>
 * usage: logpulse bench job [--lines N] [--unique-clients] [--profile]
 * </pre>
 *
 * <p>{@code --profile} runs the job under the Java Flight Recorder and prints, after the tables, where its CPU went
 * ({@link HotMethods}); the recording stays beside the job's log, for JDK Mission Control or {@code jfr print}.
 *
 * <p>Exit status: 0 with the tables; 1 when a step failed; 2 for a bad option. {@code LOGPULSE_JOB_HEAP} (2g),
 * {@code LOGPULSE_BENCH_RATE} (records per second per partition, 100000) and {@code LOGPULSE_BENCH_NAIVE_SECONDS}
 * (60) tune it.
 */
public final class JobBench {

    private static final String USAGE = "logpulse bench job [--lines N] [--unique-clients] [--profile]";
    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(1200);
    private static final int DRAINS = 3;
    private static final int HOT_METHODS = 15;
    /** Records per batch of the scaling runs; each needs {@link BatchScalingTable#MEASURED} + 1 batches of lines. */
    private static final long[] SCALING_BATCHES = {100_000, 200_000, 400_000};
    /** The bench topic's partitions, which with the batch interval turn a batch size into a rate cap. */
    private static final int PARTITIONS = 3;
    /** Request time of a backlog as a fleet leaves it: 10,000 lines a second, 200,000 in a 20 s window. */
    private static final long BACKLOG_TIME_RATE = 10_000;
    /** The client populations of the clients scaling runs: 0 for a fresh client for nearly every line. */
    private static final int[] CLIENT_POPULATIONS = {2_000, 20_000, 200_000, 0};
    /** Records per batch of the clients scaling runs. */
    private static final long CLIENTS_BATCH = 100_000;

    private JobBench() {
    }

    public static void main(String[] args) throws Exception {
        long lines = 2_000_000;
        boolean unique = false;
        boolean profile = false;
        try {
            OptionReader options = new OptionReader(Arrays.asList(args));
            while (options.hasNext()) {
                String option = options.next();
                switch (option) {
                    case "--lines" -> lines = options.wholeNumber(option);
                    case "--unique-clients" -> unique = true;
                    case "--profile" -> profile = true;
                    default -> throw new UsageException("bench job: unknown option " + option + " (usage: " + USAGE
                            + ")");
                }
            }
        } catch (UsageException e) {
            Demo.say("logpulse: " + e.getMessage());
            System.exit(UsageException.EXIT);
        }
        try {
            run(Launcher.fromEnvironment(), lines, unique, profile);
        } catch (IllegalStateException e) {
            Demo.say("logpulse: " + e.getMessage());
            System.exit(1);
        }
    }

    private static void run(Launcher launcher, long lines, boolean unique, boolean profile) throws Exception {
        // A backlog as servers leave it: request times spread at the fleet's rate. The flood keeps the clock's
        // times, every line within seconds of the others, as many keys in one window as it can make.
        long timeRate = wholeNumber("LOGPULSE_BENCH_TIME_RATE", unique ? "0" : String.valueOf(BACKLOG_TIME_RATE),
                "lines per second of request time; 0 for the clock's");
        if (launcher.run("stack", "start") != 0) {
            throw new IllegalStateException("the stack did not start; see above");
        }
        Path home = launcher.home();
        Path state = launcher.state();
        String bootstrap = launcher.stackEnv().get("KAFKA_BOOTSTRAP");
        String hdfs = launcher.stackEnv().get("HDFS_URI");
        long rate = wholeNumber("LOGPULSE_BENCH_RATE", "100000", "records per second per partition");
        String heap = System.getenv().getOrDefault("LOGPULSE_JOB_HEAP", "2g");
        KafkaTools kafka = new KafkaTools(home);
        LogPulseConfig config = LogPulseConfig.load(home.resolve("conf/logpulse.properties"), Map.of());
        long batchSeconds = config.batchInterval().toSeconds();
        String run = "bench" + System.currentTimeMillis() / 1000;
        String topic = "access-logs-" + run;
        String statusTopic = topic + "-status";
        Path jobLog = state.resolve("logs/bench-job-" + run + ".log");
        Path recording = state.resolve("logs/bench-job-" + run + ".jfr");

        String requestTimes = timeRate > 0 ? String.format(Locale.ROOT, "%,d lines per second of request time",
                timeRate) : "the clock's, as fast as they are written";
        // The job's first batch pays for the JVM's JIT: in the first bench of a 2M-line backlog, its compiler
        // threads took as much CPU as its tasks. A streaming job runs for days, so its rate is measured warm, after
        // a first batch of the backlog's oldest lines, and also from the start.
        long warmup = rate * PARTITIONS * batchSeconds;
        Demo.say(String.format(Locale.ROOT, "1/7 generating %,d warm-up lines (the job's first batch), then %,d lines"
                + "%s; request times: %s; loading them into topic %s", warmup, lines,
                unique ? ", a fresh client for nearly every one" : "", requestTimes, topic));
        BenchTopics topics = new BenchTopics(launcher, kafka, bootstrap, config.accessLogParser(),
                config.clientBurstRule().window());
        List<String> population = unique ? List.of("--unique-clients") : List.of();
        long clientsPerWindow;
        if (timeRate > 0) {
            // One backlog, the warm-up its oldest lines: loaded after them, lines of a backlog of their own would
            // reach back before the warm-up's request times, and the job would take them as late.
            clientsPerWindow = topics.load(state.resolve("bench/" + run), topic, warmup + lines, population, timeRate);
        } else {
            // The clock's request times come after any backlog's; the warm-up is one of the default population,
            // so that a flood's windows hold the keys of its own lines only, as many as without a warm-up.
            topics.load(state.resolve("bench/" + run + "-warmup"), topic, warmup, List.of(), BACKLOG_TIME_RATE);
            clientsPerWindow = topics.load(state.resolve("bench/" + run), topic, lines, population, timeRate);
        }
        kafka.output("256m", "io.logpulse.stack.KafkaProbe", bootstrap, statusTopic + ":1");
        // One drain takes a second or two, and single drains ranged from 1.0M to 1.8M records/s on one machine.
        Demo.say("2/7 (a) a plain consumer drains the topic " + DRAINS + " times; the median counts");
        List<Long> drainRates = new ArrayList<>();
        for (int i = 0; i < DRAINS; i++) {
            String drain = kafka.output("512m", "io.logpulse.stack.TopicDrain", bootstrap, topic);
            Demo.say("    " + drain);
            drainRates.add(KafkaTools.rateOf(drain));
        }
        Collections.sort(drainRates);
        long consumerRate = drainRates.get(DRAINS / 2);

        Demo.say("3/7 (b) the job, end to end into HBase and HDFS (log: " + jobLog + ")");
        JobRun jobRun = new JobRun(launcher, kafka, bootstrap, hdfs, topic, heap);
        Process job = jobRun.start(run, statusTopic, rate, jobLog, profile ? recording : null);
        // The job (bin/logpulse job execs its JVM, so this is the JVM), and the servers it works with.
        List<ProcessCpu> watched = new ArrayList<>(List.of(new ProcessCpu("job (local mode: driver and executors)",
                job.toHandle())));
        for (String server : List.of("kafka", "hadoop", "hbase")) {
            ProcessCpu.ofServer(state, server).ifPresent(watched::add);
        }
        Watched observed = statusesUntil(job, bootstrap, statusTopic,
                seen -> JobBenchTable.done(warmup + lines, seen), warmup + lines + " lines", jobLog, watched);
        List<BatchStatus> statuses = observed.statuses();

        Demo.say("4/7 (b) again, once per batch size, the rate cap making each batch that size: "
                + BatchScalingTable.MEASURED + " batches after the first");
        BatchScalingTable bySize = BatchScalingTable.bySize();
        for (long size : SCALING_BATCHES) {
            if (size * (BatchScalingTable.MEASURED + 1) <= lines) {
                bySize.add(size, jobRun.measured(run + "-s" + size, size / PARTITIONS / batchSeconds));
            }
        }
        long clientLines = CLIENTS_BATCH * (BatchScalingTable.MEASURED + 1);
        Demo.say(String.format(Locale.ROOT, "5/7 (b) again, once per client population, on topics of %,d lines"
                + " (%,d lines per second of request time) in batches of %,d", clientLines, BACKLOG_TIME_RATE,
                CLIENTS_BATCH));
        BatchScalingTable byClients = BatchScalingTable.byClients();
        for (int clients : CLIENT_POPULATIONS) {
            String name = run + "-c" + clients;
            List<String> options = clients == 0 ? List.of("--unique-clients")
                    : List.of("--clients", String.valueOf(clients));
            long held = topics.load(state.resolve("bench/" + name), "access-logs-" + name, clientLines, options,
                    BACKLOG_TIME_RATE);
            byClients.add(held, jobRun.withTopic("access-logs-" + name).measured(name,
                    CLIENTS_BATCH / PARTITIONS / batchSeconds));
        }

        String naiveSeconds = System.getenv().getOrDefault("LOGPULSE_BENCH_NAIVE_SECONDS", "60");
        // Its rate counts the records its tasks finished, from the first: one of its batches outlasts the run.
        Demo.say("6/7 (c) a naive job on the same topic for " + naiveSeconds
                + " s: one incrementColumnValue per cell of each record");
        Path naiveLog = state.resolve("logs/bench-naive-" + run + ".log");
        Process naive = Launcher.start(new ProcessBuilder(KafkaTools.java(), "-Xmx" + heap,
                "@" + home.resolve("conf/jvm/jdk17-opens.args"), "-cp", System.getProperty("java.class.path"),
                "-Dspark.master=local[2]", "-Dspark.ui.enabled=false",
                "-Dlog4j.configurationFile=" + home.resolve("conf/log4j2-job.properties"),
                "io.logpulse.job.NaiveBaselineJob", naiveSeconds, "--config",
                home.resolve("conf/logpulse.properties").toString(), "--conf", "kafka.bootstrap.servers=" + bootstrap,
                "--conf", "kafka.topic=" + topic, "--conf", "kafka.group.id=" + run + "-naive", "--conf",
                "hbase.table.prefix=" + run + "_naive_", "--conf", "kafka.max.rate.per.partition=" + rate)
                .redirectError(naiveLog.toFile()));
        String naiveLine = new String(naive.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                .filter(l -> l.startsWith("naive:")).findFirst().orElse(null);
        naive.waitFor();
        Demo.say("    " + (naiveLine != null ? naiveLine : "naive: no result (see " + naiveLog + ")"));

        long naiveRate = KafkaTools.rateOf(naiveLine);
        System.out.print(new JobBenchTable(warmup, lines, consumerRate,
                naiveRate < 0 ? OptionalLong.empty() : OptionalLong.of(naiveRate), statuses).render());
        System.out.print(new CpuPerRecordTable(statuses, observed.cpu(), Runtime.getRuntime().availableProcessors())
                .render());
        System.out.print(bySize.render());
        System.out.print(byClients.render());
        // The client mode changes how many keys the job's windows hold and how many bursts it alerts on.
        String clients = String.format(Locale.ROOT, "%s, %,d in the busiest %d s window",
                unique ? "a fresh one for nearly every line (--unique-clients)" : "the generator's default population",
                clientsPerWindow, config.clientBurstRule().window().toSeconds());
        System.out.printf("%nmachine: %s; jobs: local[2], %d s batches, at most %s records/s per partition;"
                + " clients: %s; request times: %s%n", KafkaTools.machine(), batchSeconds, rate, clients, requestTimes);
        if (profile) {
            System.out.printf("%nwhere the job's CPU went, from %s:%n", recording);
            System.out.print(HotMethods.of(recording).render(HOT_METHODS));
        }
        Demo.say("7/7 dropped what this run left in the stack: " + BenchData.dropTables(run + "_") + " tables, "
                + BenchData.dropTopics(bootstrap, run) + " topics, " + BenchData.dropDirectories(hdfs, run)
                + " HDFS directories");
    }

    /** A whole number >= 0 from the environment variable, or {@code fallback} when it is not set. */
    private static long wholeNumber(String variable, String fallback, String meaning) {
        String value = System.getenv().getOrDefault(variable, fallback);
        try {
            long number = Long.parseLong(value.strip());
            if (number >= 0) {
                return number;
            }
        } catch (NumberFormatException notANumber) {
            // said below, with the variable's name
        }
        throw new IllegalStateException(variable + " must be a whole number >= 0 (" + meaning + "), was '" + value
                + "'");
    }

    /** A job run's statuses, in the order they arrived, and the CPU of the watched processes as each arrived. */
    private record Watched(List<BatchStatus> statuses, List<ProcessCpu.Snapshot> cpu) {
    }

    /**
     * The job's statuses from its status topic until {@code done} says so, each with a snapshot of the
     * {@code watched} processes' CPU read as it arrived; then the job is stopped.
     */
    private static Watched statusesUntil(Process job, String bootstrap, String statusTopic,
                                         Predicate<List<BatchStatus>> done, String what, Path jobLog,
                                         List<ProcessCpu> watched) throws InterruptedException {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        List<BatchStatus> statuses = new ArrayList<>();
        List<ProcessCpu.Snapshot> cpu = new ArrayList<>();
        long deadline = System.nanoTime() + JOB_TIMEOUT.toNanos();
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(statusTopic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(statusTopic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (!done.test(statuses)) {
                if (!job.isAlive()) {
                    throw new IllegalStateException("the job exited; see " + jobLog);
                }
                if (System.nanoTime() > deadline) {
                    job.destroy();
                    throw new IllegalStateException("the job did not process " + what + " in "
                            + JOB_TIMEOUT.toSeconds() + " s; see " + jobLog);
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofSeconds(2))) {
                    statuses.add(BatchStatus.fromJson(record.value()));
                    cpu.add(ProcessCpu.Snapshot.of(watched));
                }
            }
        } finally {
            job.destroy();
            job.waitFor();
        }
        return new Watched(statuses, cpu);
    }

    /** How the bench starts a run of the job on its topic: each run with its own group, tables and directories. */
    private record JobRun(Launcher launcher, KafkaTools kafka, String bootstrap, String hdfs, String topic,
                          String heap) {

        static String tablePrefix(String name) {
            return name.replace('-', '_') + "_";
        }

        JobRun withTopic(String other) {
            return new JobRun(launcher, kafka, bootstrap, hdfs, other, heap);
        }

        /**
         * The statuses of a run capped at {@code ratePerPartition} records/s, until its first batch with records
         * and {@value BatchScalingTable#MEASURED} more; its tables are dropped as soon as it is measured.
         */
        List<BatchStatus> measured(String name, long ratePerPartition) throws IOException, InterruptedException {
            Path log = launcher.state().resolve("logs/bench-job-" + name + ".log");
            kafka.output("256m", "io.logpulse.stack.KafkaProbe", bootstrap, name + "-status:1");
            Process job = start(name, name + "-status", ratePerPartition, log, null);
            List<BatchStatus> statuses = statusesUntil(job, bootstrap, name + "-status", BatchScalingTable::done,
                    BatchScalingTable.MEASURED + 1 + " batches", log, List.of()).statuses();
            int dropped = BenchData.dropTables(tablePrefix(name));
            Demo.say("    " + name + ": " + statuses.size() + " batches, its " + dropped + " tables dropped (log: " + log
                    + ")");
            return statuses;
        }

        /** @param recording where the flight recording goes, or null to run without one */
        Process start(String name, String statusTopic, long rate, Path log, Path recording) throws IOException {
            ProcessBuilder job = launcher.command("job", "--conf", "kafka.topic=" + topic, "--conf",
                    "kafka.group.id=" + name, "--conf", "kafka.status.topic=" + statusTopic, "--conf",
                    "hbase.table.prefix=" + tablePrefix(name), "--conf",
                    "checkpoint.dir=" + hdfs + "/" + name + "/checkpoint", "--conf",
                    "archive.dir=" + hdfs + "/" + name + "/archive", "--conf",
                    "kafka.max.rate.per.partition=" + rate).redirectErrorStream(true).redirectOutput(log.toFile());
            job.environment().put("LOGPULSE_JOB_HEAP", heap);
            if (recording != null) {
                // Written when the job's JVM exits; "profile" samples each running thread's stack every 10 ms.
                job.environment().put("LOGPULSE_JOB_JAVA_OPTS", "-XX:StartFlightRecording=settings=profile,"
                        + "dumponexit=true,filename=" + recording);
                Demo.say("    under the Java Flight Recorder: " + recording);
            }
            return Launcher.start(job);
        }
    }

    /** How the bench fills a topic of its own with generated lines. */
    private record BenchTopics(Launcher launcher, KafkaTools kafka, String bootstrap, AccessLogParser parser,
                               Duration clientWindow) {

        /**
         * Generates {@code lines} lines (with the generator's scenarios) into {@code dir}, loads them into a new
         * {@code topic} of {@link JobBench#PARTITIONS} partitions, deletes the files and returns how many distinct
         * clients the busiest client-burst window holds.
         *
         * @param population the generator's client options: none for its default population
         * @param timeRate   lines per second of request time; 0 for the clock's
         */
        long load(Path dir, String topic, long lines, List<String> population, long timeRate)
                throws IOException, InterruptedException {
            List<String> generate = new ArrayList<>(List.of("generate", "--dir", dir.toString(), "--count",
                    String.valueOf(lines), "--scenarios"));
            generate.addAll(population);
            if (timeRate > 0) {
                generate.addAll(List.of("--time-rate", String.valueOf(timeRate)));
            }
            if (Launcher.start(launcher.command(generate.toArray(String[]::new)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)).waitFor() != 0) {
                throw new IllegalStateException("generating the lines failed: bin/logpulse "
                        + String.join(" ", generate));
            }
            kafka.output("256m", "io.logpulse.stack.KafkaProbe", bootstrap, topic + ":" + PARTITIONS);
            List<Path> files;
            try (Stream<Path> listed = Files.list(dir)) {
                files = listed.filter(f -> f.getFileName().toString().endsWith(".log")).sorted().toList();
            }
            List<String> load = new ArrayList<>(List.of(bootstrap, topic));
            files.forEach(f -> load.add(f.toString()));
            Demo.say("    " + kafka.output("512m", "io.logpulse.stack.TopicLoader", load.toArray(String[]::new)));
            long held;
            try (Stream<String> logged = files.stream().flatMap(JobBench::linesOf)) {
                held = ClientsPerWindow.busiest(logged, parser, clientWindow);
            }
            deleteTree(dir);
            Demo.say(String.format(Locale.ROOT, "    %,d distinct clients in the busiest %d s window of request time",
                    held, clientWindow.toSeconds()));
            return held;
        }
    }

    private static Stream<String> linesOf(Path file) {
        try {
            return Files.lines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
