package io.logpulse.job;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.logpulse.clean.CleanEvent;
import io.logpulse.clean.EventCleaner;
import io.logpulse.event.AccessEvent;
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
import java.util.List;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.streaming.Durations;
import org.apache.spark.streaming.api.java.JavaDStream;
import org.apache.spark.streaming.api.java.JavaStreamingContext;
import org.apache.spark.streaming.scheduler.StreamingListener;
import org.apache.spark.streaming.scheduler.StreamingListenerBatchCompleted;
import org.apache.spark.util.ManualClock;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * The windowed alert wiring on scripted batches: a manual clock steps one batch at a time, so each test states
 * exactly which alerts the graph raises and when. Batch interval 1 s; burst rule: more than 3 in 4 s, slide 1 s.
 */
public class WindowedAlertsTest {
    private static final List<Alert> RAISED = Collections.synchronizedList(new ArrayList<>());
    private static final EventCleaner CLEANER = new EventCleaner();
    private static final ClientBurstRule BURST = new ClientBurstRule(3, Duration.ofSeconds(4), Duration.ofSeconds(1));

    private JavaStreamingContext ssc;
    private final AtomicInteger completed = new AtomicInteger();

    @Before
    public void context() throws Exception {
        RAISED.clear();
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
    public void aBurstAlertsOncePerEpisodeAndAgainAfterItEnds() {
        runBatches(BURST,
                requests("10.0.0.1", 200, 2),                       // t=1: window 2
                requests("10.0.0.1", 200, 2),                       // t=2: window 4 > 3 -> alert
                requests("10.0.0.1", 200, 1),                       // t=3: window 5, same episode
                List.of(),                                          // t=4: window 5
                List.of(),                                          // t=5: batches 2..5 -> 3, episode ends
                requests("10.0.0.1", 200, 4));                      // t=6: batches 3..6 -> 5 -> alert again
        assertEquals(2, RAISED.size());
        assertAlert(RAISED.get(0), "client_burst", "10.0.0.1", 4, 2_000);
        assertAlert(RAISED.get(1), "client_burst", "10.0.0.1", 5, 6_000);
    }

    @Test
    public void exactlyTheThresholdDoesNotAlert() {
        runBatches(BURST,
                requests("10.0.0.2", 200, 1), requests("10.0.0.2", 200, 1), requests("10.0.0.2", 200, 1),
                List.of());
        assertTrue(RAISED.toString(), RAISED.isEmpty());
    }

    @Test
    public void countsLeaveTheWindowAtItsEdge() {
        // The 3 of t=1 have left the 4 s window at t=5, so t=5's 3 stay at the threshold; t=6's one more crosses it.
        runBatches(BURST, requests("10.0.0.3", 200, 3), List.of(), List.of(), List.of(),
                requests("10.0.0.3", 200, 3), requests("10.0.0.3", 200, 1));
        assertEquals(1, RAISED.size());
        assertAlert(RAISED.get(0), "client_burst", "10.0.0.3", 4, 6_000);
    }

    @Test
    public void errorStormCountsOnly4xxResponsesOfTheHost() {
        List<CleanEvent> first = new ArrayList<>(requests("10.0.0.4", 404, 3));
        first.addAll(requests("10.0.0.5", 500, 5));
        runBatches(new HostErrorStormRule(2, Duration.ofSeconds(2), Duration.ofSeconds(1)), first);
        assertEquals(1, RAISED.size());
        assertAlert(RAISED.get(0), "host_error_storm", "www.shop.example", 3, 1_000);
    }

    private static void assertAlert(Alert alert, String rule, String key, long count, long windowEndMs) {
        assertEquals(rule, alert.rule());
        assertEquals(key, alert.key());
        assertEquals(count, alert.count());
        assertEquals(windowEndMs, alert.windowEndEpochMs());
    }

    /**
     * Wires the rule's alerts over the scripted batches (the Java queueStream copies its queue, so the batches come
     * first), then advances the manual clock one interval at a time and waits for each batch.
     */
    @SafeVarargs
    private void runBatches(AlertRule rule, List<CleanEvent>... scripted) {
        Queue<JavaRDD<CleanEvent>> batches = new ArrayDeque<>();
        for (List<CleanEvent> batch : scripted) {
            batches.add(ssc.sparkContext().parallelize(batch, 2));
        }
        JavaDStream<CleanEvent> events = ssc.queueStream(batches, true, ssc.sparkContext().emptyRDD());
        PipelineGraph.raise(events, rule).foreachRDD(rdd -> RAISED.addAll(rdd.collect()));
        ssc.addStreamingListener(new StreamingListener() {
            @Override
            public void onBatchCompleted(StreamingListenerBatchCompleted batchCompleted) {
                completed.incrementAndGet();
            }
        });
        ssc.start();
        ManualClock clock = (ManualClock) ssc.ssc().scheduler().clock();
        for (int i = 1; i <= scripted.length; i++) {
            clock.advance(1000);
            int expected = i;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (completed.get() < expected && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertTrue("batch " + i + " did not complete", completed.get() >= expected);
        }
    }

    private static List<CleanEvent> requests(String ip, int status, int n) {
        List<CleanEvent> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            events.add(CLEANER.clean(new AccessEvent(Instant.parse("2026-11-21T10:00:00Z"), ip, "GET",
                    "/product/1.html", null, "HTTP/1.1", status, 512, null, "www.shop.example", "US", 12, "s1", "curl")));
        }
        return events;
    }
}
