package io.logpulse.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.logpulse.config.LogPulseConfig;
import io.logpulse.counters.RowKeyPart;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.ResultScanner;
import org.apache.hadoop.hbase.client.Scan;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.util.Bytes;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Alerts by the request's own time: a log spanning 30 minutes of request time, with bursts and 4xx storms at
 * known times, raises exactly the alerts an offline event-time recount finds, whether the job gets it as a
 * backlog (all of it at once, after the job started: one or two big batches) or in request-time order spread over
 * many batches. Processing-time windows would see one giant burst in the backlog.
 */
public class BacklogAlertsIT {
    private static final int SECONDS_OF_REQUESTS = 30 * 60;
    /** Request time runs this much faster than the paced feed: 30 minutes in 30 s, about 6 batches of 5 s. */
    private static final int SPEED_UP = 60;

    private static List<String> lines;
    private static Set<AlertRecount.Episode> expected;

    @BeforeClass
    public static void log() {
        LocalStack.start();
        Instant from = Instant.now().minus(Duration.ofMinutes(45)).truncatedTo(ChronoUnit.MINUTES);
        lines = BurstyLog.lines(20261202, from, SECONDS_OF_REQUESTS);
        LogPulseConfig defaults = LogPulseConfig.defaults();
        expected = AlertRecount.of(lines, defaults.clientBurstRule(), defaults.hostErrorStormRule());
        System.out.printf("backlog alerts test: %d lines over %d s of request time from %s; the recount finds %d"
                + " alerts: %s%n", lines.size(), SECONDS_OF_REQUESTS, from, expected.size(), expected);
        assertTrue("the log holds a burst and a storm",
                expected.stream().anyMatch(e -> e.rule().equals("client_burst"))
                        && expected.stream().anyMatch(e -> e.rule().equals("host_error_storm")));
    }

    @Test
    public void aBacklogFedAtOnceRaisesExactlyTheRecountedAlerts() throws Exception {
        assertEquals(expected, alertsOf("bl", 0));
    }

    @Test
    public void theSameLogFedInRequestTimeOrderOverManyBatchesRaisesTheSameAlerts() throws Exception {
        assertEquals(expected, alertsOf("bp", lines.size() / (SECONDS_OF_REQUESTS / SPEED_UP)));
    }

    /** Runs a job of its own on the lines, fed at this rate (0: all at once), and reads the alerts it raised. */
    private static Set<AlertRecount.Episode> alertsOf(String label, int linesPerSecond) throws Exception {
        Path noBlacklist = Files.writeString(LocalStack.STATE.resolve("no-blacklist-" + label + ".txt"), "");
        JobRun job = new JobRun(label, noBlacklist);
        JobInput input = JobInput.of(lines);
        job.createTopics();
        Process process = job.start("0");
        try (HBaseCounters hbase = new HBaseCounters()) {
            assertTrue("job did not take its lease; see " + job.log("0"), job.awaitLease("0"));
            AtomicLong acknowledged = new AtomicLong();
            if (linesPerSecond == 0) {
                input.produceTo(job.topic);
            } else {
                input.produceLive(job.topic, linesPerSecond, acknowledged).join(Duration.ofMinutes(3).toMillis());
                assertEquals("lines acknowledged by Kafka", lines.size(), acknowledged.get());
            }
            assertTrue("the job did not commit every line; see " + job.log("0"), LocalStack.await(
                    Duration.ofMinutes(4), () -> input.committed(job.topic, job.run) >= lines.size()
                            || !process.isAlive()));
            assertTrue("the job exited on its own; see " + job.log("0"), process.isAlive());
            assertEquals(lines.size(), JobInput.processed(hbase, job.prefix));
            Set<AlertRecount.Episode> raised = alerts(hbase, job.prefix);
            System.out.printf("backlog alerts test (%s): %d alerts raised%n",
                    linesPerSecond == 0 ? "backlog at once" : linesPerSecond + " lines/s", raised.size());
            return raised;
        } finally {
            process.destroy();
            process.waitFor(60, TimeUnit.SECONDS);
            process.destroyForcibly();
        }
    }

    /** Row key {@code <rule>_<key>_<window end>}; the window's start and end are columns of the row. */
    private static Set<AlertRecount.Episode> alerts(HBaseCounters hbase, String prefix) throws IOException {
        Set<AlertRecount.Episode> alerts = new TreeSet<>();
        byte[] info = Bytes.toBytes("info");
        try (Table table = hbase.connection().getTable(TableName.valueOf(prefix + "alerts"));
                ResultScanner scanner = table.getScanner(new Scan())) {
            for (Result row : scanner) {
                String key = Bytes.toString(row.getRow());
                String rule = key.startsWith("client_burst_") ? "client_burst" : "host_error_storm";
                String encoded = key.substring(rule.length() + 1, key.lastIndexOf('_'));
                alerts.add(new AlertRecount.Episode(rule, RowKeyPart.decode(encoded),
                        Bytes.toLong(row.getValue(info, Bytes.toBytes("window_start"))),
                        Bytes.toLong(row.getValue(info, Bytes.toBytes("window_end")))));
            }
        }
        return alerts;
    }
}
