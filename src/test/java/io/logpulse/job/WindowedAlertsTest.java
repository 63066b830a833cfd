package io.logpulse.job;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.logpulse.clean.CleanEvent;
import io.logpulse.clean.EventCleaner;
import io.logpulse.event.AccessEvent;
import io.logpulse.it.AlertRecount;
import io.logpulse.it.BurstyLog;
import io.logpulse.rules.Alert;
import io.logpulse.rules.AlertRule;
import io.logpulse.rules.ClientBurstRule;
import io.logpulse.rules.HostErrorStormRule;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.streaming.Durations;
import org.apache.spark.streaming.api.java.JavaDStream;
import org.apache.spark.streaming.api.java.JavaStreamingContext;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * The event-time alert stage of the graph ({@link PipelineGraph#raise}) on scripted batches: a manual clock steps
 * one batch at a time (1 s), so each test states which alerts the stage publishes and with which batch. Rules: a
 * client with more than 4 requests in 4 s (slide 1 s), a host with more than 4 4xx in 10 s (slide 2 s).
 */
public class WindowedAlertsTest {
    private static final List<Published> PUBLISHED = Collections.synchronizedList(new ArrayList<>());
    private static final EventCleaner CLEANER = new EventCleaner();
    private static final ClientBurstRule BURST = new ClientBurstRule(4, Duration.ofSeconds(4), Duration.ofSeconds(1));
    private static final HostErrorStormRule STORM =
            new HostErrorStormRule(4, Duration.ofSeconds(10), Duration.ofSeconds(2));
    private static final List<AlertRule> RULES = List.of(BURST, STORM);
    private static final Duration LATENESS = Duration.ofSeconds(30);
    private static final Instant FROM = Instant.parse("2026-11-21T10:00:00Z");

    private JavaStreamingContext ssc;

    /** An alert and the time of the batch that published it. */
    private record Published(long batchMs, Alert alert) {
    }

    @Before
    public void context() throws Exception {
        PUBLISHED.clear();
        SparkConf conf = new SparkConf().setMaster("local[2]").setAppName("windowed-alerts-test")
                .set("spark.streaming.clock", "org.apache.spark.util.ManualClock")
                .set("spark.ui.enabled", "false");
        ssc = new JavaStreamingContext(conf, Durations.seconds(1));
        ssc.checkpoint(Files.createTempDirectory("logpulse-alerts-test").toString());
    }

    @After
    public void stop() {
        ssc.stop(true, false);
    }

    @Test
    public void aBurstSplitOverTwoBatchesAlertsWithTheBatchThatTakesItAboveTheThreshold() {
        runBatches(requests("10.0.0.1", 200, FROM.plusMillis(100), 3),
                requests("10.0.0.1", 200, FROM.plusMillis(700), 2),
                List.of());
        assertEquals(1, PUBLISHED.size());
        assertEquals(2_000, PUBLISHED.get(0).batchMs());
        Alert alert = PUBLISHED.get(0).alert();
        assertEquals(new Alert(BURST.name(), "10.0.0.1", 5, 4, 4, FROM.toEpochMilli() - 3_000,
                FROM.toEpochMilli() + 1_000, FROM.toEpochMilli() + 1_000), alert);
    }

    @Test
    public void aBacklogOfThirtyMinutesAtOnceRaisesExactlyTheAlertsOfAnOfflineRecount() {
        List<String> log = BurstyLog.lines(3, FROM, 1_800);
        runBatches(BurstyLog.events(log));
        assertOneAlertPerRecountedEpisode(AlertRecount.of(log, BURST, STORM));
        assertTrue(PUBLISHED.stream().allMatch(published -> published.batchMs() == 1_000));
    }

    @Test
    public void theSameLogInManySmallBatchesRaisesTheSameAlerts() {
        List<String> log = BurstyLog.lines(3, FROM, 1_800);
        List<CleanEvent> events = BurstyLog.events(log);
        List<List<CleanEvent>> batches = new ArrayList<>();
        int size = events.size() / 25 + 1;
        for (int from = 0; from < events.size(); from += size) {
            batches.add(events.subList(from, Math.min(events.size(), from + size)));
        }
        runBatches(batches.toArray(List[]::new));
        assertOneAlertPerRecountedEpisode(AlertRecount.of(log, BURST, STORM));
        assertTrue("alerts in more than one batch", PUBLISHED.stream().map(Published::batchMs).distinct().count() > 1);
    }

    private static void assertOneAlertPerRecountedEpisode(Set<AlertRecount.Episode> expected) {
        Set<AlertRecount.Episode> raised = new TreeSet<>();
        PUBLISHED.forEach(published -> raised.add(AlertRecount.Episode.of(published.alert())));
        assertTrue(expected.toString(), expected.size() > 10);
        assertEquals(expected, raised);
        assertEquals("one alert per episode", expected.size(), PUBLISHED.size());
    }

    /**
     * Wires the alert stage over the scripted batches (the Java queueStream copies its queue, so the batches come
     * first), then advances the manual clock one interval at a time and waits for each batch.
     */
    @SafeVarargs
    private void runBatches(List<CleanEvent>... scripted) {
        Queue<JavaRDD<CleanEvent>> batches = new ArrayDeque<>();
        for (List<CleanEvent> batch : scripted) {
            batches.add(ssc.sparkContext().parallelize(batch, 2));
        }
        JavaDStream<CleanEvent> events = ssc.queueStream(batches, true, ssc.sparkContext().emptyRDD());
        NewestRequest newest = new NewestRequest();
        long latenessMs = LATENESS.toMillis();
        EventTimeAlerting alerting = new EventTimeAlerting(RULES);
        events.foreachRDD((rdd, time) -> {
            long seen = newest.see(rdd.map(event -> event.event().time().toEpochMilli()).fold(Long.MIN_VALUE,
                    Math::max));
            // As PartitionPass folds them: counted lines per ((rule, key), bucket), summed per partition.
            Map<String, AlertRule> rules = alerting.rules();
            JavaPairRDD<EventTimeAlerting.Bucket, Long> buckets = rdd.mapPartitionsToPair(part -> {
                Map<EventTimeAlerting.Bucket, Long> counts = new HashMap<>();
                part.forEachRemaining(event -> EventTimeAlerting.addBuckets(rules, event, counts));
                return Pairs.of(counts);
            });
            alerting.onBatch(buckets, seen == Long.MIN_VALUE ? Long.MIN_VALUE : seen - latenessMs)
                    .forEach(alert -> PUBLISHED.add(new Published(time.milliseconds(), alert)));
        });
        ManualBatches.run(ssc, scripted.length, 1000);
    }

    private static List<CleanEvent> requests(String ip, int status, Instant at, int n) {
        List<CleanEvent> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            events.add(CLEANER.clean(new AccessEvent(at.plusMillis(i), ip, "GET", "/product/1.html", null,
                    "HTTP/1.1", status, 512, null, "www.shop.example", "US", 12, "s1", "curl")));
        }
        return events;
    }

    /** The newest request time seen so far, kept on the driver: the job keeps it in its batch ledger instead. */
    private static final class NewestRequest implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        private long newestMs = Long.MIN_VALUE;

        long see(long batchNewestMs) {
            newestMs = Math.max(newestMs, batchNewestMs);
            return newestMs;
        }
    }
}
