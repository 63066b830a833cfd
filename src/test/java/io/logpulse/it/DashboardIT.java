package io.logpulse.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The dashboard in a real browser against the real stack with the job running: live traffic goes through the job,
 * {@code bin/logpulse dashboard} serves it, and Debian's Chromium (driven by Selenium through Debian's
 * chromedriver, in its own JVM: see {@code stack/browser}) must show exactly what {@code report --format json}
 * says, show an alert raised by an injected burst within 10 s of the job raising it, and chart the job's health.
 * The screenshot lands in {@code target/dashboard.png}.
 *
 * <p>Chromium and chromedriver are Debian's packages {@code chromium} and {@code chromium-driver}: when they are
 * missing, the test installs them with apt-get (as root, as CI runs) and says so.
 */
public class DashboardIT {
    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    private static final String BURST_CLIENT = "203.0.113.99";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final List<Process> STARTED = new ArrayList<>();

    @BeforeClass
    public static void installChromium() throws Exception {
        if (Files.isExecutable(Path.of(CHROMIUM)) && Files.isExecutable(Path.of(CHROMEDRIVER))) {
            return;
        }
        System.out.println("DashboardIT: installing Debian's chromium and chromium-driver for the browser test"
                + " (apt-get install, as root)");
        if (!"root".equals(System.getProperty("user.name"))) {
            fail("the browser test needs Debian's chromium and chromium-driver: run"
                    + " 'sudo apt-get install -y chromium chromium-driver' (as root the test installs them itself)");
        }
        if (apt("install", "-y", "-q", "chromium", "chromium-driver") != 0) {
            assertEquals("apt-get update", 0, apt("update", "-q"));
            assertEquals("apt-get install chromium chromium-driver", 0,
                    apt("install", "-y", "-q", "chromium", "chromium-driver"));
        }
    }

    private static int apt(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("apt-get"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO()
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
        return builder.start().waitFor();
    }

    @AfterClass
    public static void stopWhatWasStarted() throws InterruptedException {
        for (Process process : STARTED) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    public void theBrowserShowsTheReportsFiguresLiveAlertsAndTheJobsHealth() throws Exception {
        LocalStack.start();
        String run = "dash" + Long.toString(System.currentTimeMillis() % 1_000_000, 36);
        JobInput input = new JobInput(run, 6_000, 2_000, 100, 40);
        String alertsTopic = "alerts-" + run;
        JobRun job = new JobRun("dash", input.blacklistFile(run), "kafka.alerts.topic=" + alertsTopic);
        job.createTopics();
        JobInput.createTopic(alertsTopic);
        Process jobProcess = started(job.start("0"));
        assertTrue("the job did not take its lease; see " + job.log("0"), job.awaitLease("0"));

        String[] conf = {"--conf", "hbase.table.prefix=" + job.prefix, "--conf", "kafka.status.topic=" + job.statusTopic,
            "--conf", "kafka.alerts.topic=" + alertsTopic};
        String url = startDashboard(conf);

        AtomicLong produced = new AtomicLong();
        Thread producer = input.produceLive(job.topic, 1_000, produced);
        producer.join(Duration.ofMinutes(2).toMillis());
        assertEquals("the producer's lines acknowledged by Kafka", input.lines.size(), produced.get());
        assertTrue("the job did not commit every line; see " + job.log("0"), LocalStack.await(Duration.ofMinutes(3),
                () -> input.committed(job.topic, job.run) >= input.lines.size() || !jobProcess.isAlive()));
        try (HBaseCounters hbase = new HBaseCounters()) {
            input.assertCountersEqualRecount(hbase, job.prefix, "dashboard test");
        }

        Path expected = LocalStack.STATE.resolve("dashboard-expected-" + run + ".tsv");
        Files.writeString(expected, expectedFigures(conf), StandardCharsets.UTF_8);
        Path screenshot = LocalStack.HOME.resolve("target/dashboard.png");
        Process browser = started(browserCheck(url, expected, screenshot));
        BlockingQueue<String> said = lines(browser);
        awaitLine(said, "ready for an alert", Duration.ofMinutes(2), browser);

        long raisedAt = injectBurstAndAwaitAlert(job.topic, alertsTopic);
        try (Writer toBrowser = new OutputStreamWriter(browser.getOutputStream(), StandardCharsets.UTF_8)) {
            toBrowser.write("alert client_burst " + BURST_CLIENT + " " + raisedAt + "\n");
        }
        awaitLine(said, "screenshot:", Duration.ofMinutes(1), browser);
        assertTrue("the browser check failed", browser.waitFor(60, TimeUnit.SECONDS));
        assertEquals("the browser check's exit code", 0, browser.exitValue());
        assertTrue(Files.size(screenshot) > 10_000);
    }

    private static Process started(Process process) {
        STARTED.add(process);
        return process;
    }

    /** {@code bin/logpulse dashboard} on a free port; its URL, from the one line it prints once it serves. */
    private static String startDashboard(String[] conf) throws Exception {
        List<String> args = new ArrayList<>(List.of("dashboard", "--port", "0"));
        args.addAll(List.of(conf));
        Process dashboard = started(LocalStack.command(args.toArray(String[]::new)).start());
        BlockingQueue<String> said = lines(dashboard);
        String line = awaitLine(said, "dashboard: http://", Duration.ofMinutes(2), dashboard);
        return line.substring(line.indexOf("http://"));
    }

    /** Products' clicks and hosts' requests as {@code report --format json} gives them, for the browser check. */
    private static String expectedFigures(String[] conf) throws Exception {
        List<String> args = new ArrayList<>(List.of("report", "--format", "json"));
        args.addAll(List.of(conf).subList(0, 2));
        String json = LocalStack.stdoutOf(args.toArray(String[]::new));
        Map<String, Map<String, Map<String, Long>>> tables = JSON.readValue(json, new TypeReference<>() { });
        StringBuilder figures = new StringBuilder();
        tables.get("product_clickcount").forEach((row, cells) ->
                figures.append("product\t").append(row).append('\t').append(cells.get("click_count")).append('\n'));
        tables.get("host_stats").forEach((row, cells) ->
                figures.append("host\t").append(row).append('\t').append(cells.get("request_count")).append('\n'));
        assertTrue("the report has no product clicks:\n" + json, figures.indexOf("product\t") >= 0);
        return figures.toString();
    }

    private static Process browserCheck(String url, Path expected, Path screenshot) throws IOException {
        Path module = LocalStack.HOME.resolve("stack/browser/target");
        String classpath = module.resolve("classes") + ":" + Files.readString(module.resolve("classpath.txt")).trim();
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-Dwebdriver.chrome.driver=" + CHROMEDRIVER, "-cp", classpath,
                "io.logpulse.stack.DashboardBrowserCheck", url, expected.toString(), screenshot.toString())
                .redirectErrorStream(true).start();
    }

    /**
     * Fifteen requests of one client in one second, more than client_burst's 10 in 20 s, at the current time;
     * returns when the job raised the alert (the alert record's time on the alerts topic).
     */
    private static long injectBurstAndAwaitAlert(String topic, String alertsTopic) throws Exception {
        String bootstrap = LocalStack.env().get("KAFKA_BOOTSTRAP");
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (KafkaConsumer<String, String> alerts =
                     new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = alerts.partitionsFor(alertsTopic).stream()
                    .map(p -> new TopicPartition(alertsTopic, p.partition())).toList();
            alerts.assign(partitions);
            alerts.seekToEnd(partitions);
            partitions.forEach(alerts::position);
            Properties producerProps = new Properties();
            producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            try (KafkaProducer<String, String> producer =
                         new KafkaProducer<>(producerProps, new StringSerializer(), new StringSerializer())) {
                Instant now = Instant.now();
                for (int i = 0; i < 15; i++) {
                    producer.send(new ProducerRecord<>(topic, BurstyLog.line(BURST_CLIENT, now, 200,
                            "www0.shop.example")));
                }
            }
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> alert : alerts.poll(Duration.ofMillis(500))) {
                    Map<String, Object> fields = JSON.readValue(alert.value(), new TypeReference<>() { });
                    if ("client_burst".equals(fields.get("rule")) && BURST_CLIENT.equals(fields.get("key"))) {
                        return alert.timestamp();
                    }
                }
            }
        }
        throw new AssertionError("the job raised no client_burst alert for " + BURST_CLIENT + " within a minute");
    }

    /** What a process prints, line by line, echoed to the test's output. */
    private static BlockingQueue<String> lines(Process process) {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    System.out.println("  | " + line);
                    lines.add(line);
                }
            } catch (IOException ended) {
                // the process ended
            }
        }, "output-of-" + process.pid());
        reader.setDaemon(true);
        reader.start();
        return lines;
    }

    private static String awaitLine(BlockingQueue<String> lines, String prefix, Duration timeout, Process process)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String line = lines.poll(200, TimeUnit.MILLISECONDS);
            if (line != null && line.startsWith(prefix)) {
                return line;
            }
            if (line != null && line.startsWith("FAIL:")) {
                throw new AssertionError(line);
            }
            if (line == null && !process.isAlive() && lines.isEmpty()) {
                throw new AssertionError("the process ended (exit " + process.exitValue() + ") before printing '"
                        + prefix + "'");
            }
        }
        throw new AssertionError("no line '" + prefix + "...' within " + timeout);
    }
}
