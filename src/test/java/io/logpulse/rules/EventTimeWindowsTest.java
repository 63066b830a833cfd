package io.logpulse.rules;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.logpulse.clean.CleanEvent;
import io.logpulse.clean.EventCleaner;
import io.logpulse.event.AccessEvent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import org.junit.Test;

/**
 * Event-time windows and episodes on scripted batches. Rule: more than 3 lines in 20 s, slide 5 s; T is a multiple
 * of the slide, so the windows end at T + k * 5 s. Each batch's watermark is the newest line seen minus the
 * lateness, as the job computes it ({@link InMemoryAlerting}).
 */
public class EventTimeWindowsTest {

    private static final AlertRule RULE = new ClientBurstRule(3, Duration.ofSeconds(20), Duration.ofSeconds(5));
    private static final long T = 1_700_000_000_000L;
    private static final long LATENESS = 30_000;
    private static final String IP = "10.0.0.1";
    private static final EventCleaner CLEANER = new EventCleaner();

    @Test
    public void aBurstInsideOneWindowAlertsOnceForTheFirstWindowAboveTheThreshold() {
        InMemoryAlerting run = run(LATENESS);
        List<Alert> raised = run.batch(lines(IP, T + 1_000, T + 2_000, T + 3_000, T + 4_000));
        assertEquals(List.of(new Alert(RULE.name(), IP, 4, 3, 20, T - 15_000, T + 5_000, T + 5_000)), raised);
        assertEquals(List.of(), run.batch(lines(IP, T + 9_000)));
    }

    @Test
    public void exactlyTheThresholdDoesNotAlert() {
        assertEquals(List.of(), run(LATENESS).batch(lines(IP, T + 1_000, T + 2_000, T + 3_000)));
    }

    @Test
    public void aBurstSplitOverTwoBatchesAlertsInTheBatchThatTakesItAboveTheThreshold() {
        InMemoryAlerting run = run(LATENESS);
        assertEquals(List.of(), run.batch(lines(IP, T + 4_000, T + 4_500)));
        assertEquals(List.of(new Alert(RULE.name(), IP, 4, 3, 20, T - 10_000, T + 10_000, T + 10_000)),
                run.batch(lines(IP, T + 6_000, T + 6_500)));
    }

    @Test
    public void theWindowEndIsExcludedAndItsStartIncluded() {
        // [T - 15 s, T + 5 s) holds the three lines at T - 15 s and the one at T + 4.999 s, not the one at T + 5 s.
        List<Alert> raised = run(LATENESS).batch(lines(IP, T - 15_000, T - 15_000, T - 15_000, T + 4_999,
                T + 5_000));
        assertEquals(List.of(new Alert(RULE.name(), IP, 4, 3, 20, T - 15_000, T + 5_000, T + 5_000)), raised);
    }

    @Test
    public void windowsAreAlignedToTheEpochNotToTheFirstLine() {
        List<Alert> raised = run(LATENESS).batch(lines(IP, T + 3_700, T + 3_800, T + 3_900, T + 4_000));
        assertEquals(T + 5_000, raised.get(0).windowEndEpochMs());
        assertEquals(T - 15_000, raised.get(0).windowStartEpochMs());
        assertEquals(T + 5_000, EventTimeWindows.bucketOf(RULE, T + 5_000));
        assertEquals(T, EventTimeWindows.bucketOf(RULE, T + 4_999));
        assertEquals(-5_000, EventTimeWindows.bucketOf(RULE, -1));
    }

    @Test
    public void anEpisodeEndsWhenAWindowFallsToTheThresholdAndTheNextCrossingAlertsAgain() {
        InMemoryAlerting run = run(LATENESS);
        assertEquals(1, run.batch(lines(IP, T + 1_000, T + 1_000, T + 1_000, T + 1_000)).size());
        // The burst's windows end at T + 5 s .. T + 20 s; at T + 25 s the window holds 3, and the episode is over.
        List<Alert> second = run.batch(lines(IP, T + 21_000, T + 21_000, T + 21_000, T + 26_000));
        assertEquals(1, second.size());
        assertEquals(T + 30_000, second.get(0).windowEndEpochMs());
    }

    @Test
    public void aRunOfWindowsAboveTheThresholdRaisesOneAlertHoweverLongItLasts() {
        InMemoryAlerting run = run(LATENESS);
        List<Alert> raised = new ArrayList<>();
        for (long t = T; t < T + 600_000; t += 1_000) {
            raised.addAll(run.batch(lines(IP, t)));
        }
        assertEquals(1, raised.size());
        assertEquals(T + 5_000, raised.get(0).windowEndEpochMs());
    }

    @Test
    public void linesArrivingOutOfOrderThatMakeTheEarlierWindowFireAreTheSameEpisode() {
        InMemoryAlerting run = run(LATENESS);
        // Windows ending T + 10 s and T + 15 s hold all four lines: the alert is for T + 10 s.
        List<Alert> first = run.batch(lines(IP, T - 1_000, T - 1_000, T + 6_000, T + 6_000));
        assertEquals(T + 10_000, first.get(0).windowEndEpochMs());
        // Two earlier lines make the windows ending T and T + 5 s fire too: one run, already alerted.
        assertEquals(List.of(), run.batch(lines(IP, T - 2_000, T - 2_000)));
    }

    @Test
    public void aRunGoingOnAfterTheNewestFinalWindowIsTheSameEpisode() {
        InMemoryAlerting run = run(0);
        // Watermark T + 22 s: windows up to T + 20 s are final, the last of them above the threshold.
        assertEquals(1, run.batch(lines(IP, T + 1_000, T + 1_000, T + 1_000, T + 1_000, T + 22_000)).size());
        // Late lines for the held bucket at T + 20 s take the window ending T + 25 s above: the same episode.
        assertEquals(List.of(), run.batch(lines(IP, T + 21_000, T + 21_000, T + 21_000)));
    }

    @Test
    public void lateLinesStillCountWhileAWindowHoldingThemIsNotFinal() {
        InMemoryAlerting run = run(0);
        run.batch(lines(IP, T + 30_000));
        // Watermark T + 30 s: the bucket at T + 15 s is held by the window ending T + 35 s, not yet final.
        List<Alert> raised = run.batch(lines(IP, T + 16_000, T + 16_000, T + 16_000));
        assertEquals(List.of(new Alert(RULE.name(), IP, 4, 3, 20, T + 15_000, T + 35_000, T + 35_000)), raised);
    }

    @Test
    public void lateLinesWhoseWindowsAreAllFinalAreIgnored() {
        InMemoryAlerting run = run(0);
        run.batch(lines(IP, T + 30_000));
        // The bucket at T + 10 s is in windows ending up to T + 30 s, which the watermark has passed.
        assertEquals(List.of(), run.batch(lines(IP, T + 12_000, T + 12_000, T + 12_000, T + 12_000)));
        assertEquals(Set.of(T + 30_000), run.state(RULE, IP).buckets().keySet());
    }

    @Test
    public void theStateHoldsOnlyTheBucketsOfTheWindowAndTheLateness() {
        InMemoryAlerting run = run(LATENESS);
        for (long t = T; t <= T + 100_000; t += 1_000) {
            run.batch(lines(IP, t));
        }
        // Watermark T + 70 s: windows up to T + 70 s are final; the oldest window not final starts at T + 55 s.
        EventTimeWindows state = run.state(RULE, IP);
        assertEquals(Long.valueOf(T + 55_000), state.buckets().firstKey());
        assertEquals((20_000 + LATENESS) / 5_000, state.buckets().size());
    }

    @Test
    public void aKeyWhoseWindowsAreAllFinalLeavesTheState() {
        InMemoryAlerting run = run(0);
        run.batch(lines(IP, T + 1_000));
        run.batch(lines("10.0.0.2", T + 19_000));
        assertTrue(run.state(RULE, IP) != null);
        run.batch(lines("10.0.0.2", T + 20_000));
        assertNull(run.state(RULE, IP));
    }

    @Test
    public void aKeyAboveTheThresholdInTheNewestFinalWindowStaysUntilItsEpisodeIsOver() {
        EventTimeWindows burst = EventTimeWindows.none(RULE, Long.MIN_VALUE)
                .add(RULE, Map.of(T, 4L));
        EventTimeWindows.Evaluation atEnd = burst.evaluate(RULE, IP, T + 20_000);
        assertTrue(atEnd.next().isPresent());
        assertTrue(atEnd.next().get().buckets().isEmpty());
        assertFalse(atEnd.next().get().evaluate(RULE, IP, T + 25_000).next().isPresent());
    }

    @Test
    public void aKeyMetForTheFirstTimeIgnoresTheFinalWindowsAsAHeldOneDoes() {
        EventTimeWindows held = EventTimeWindows.none(RULE, Long.MIN_VALUE).add(RULE, Map.of(T + 30_000, 1L))
                .evaluate(RULE, IP, T + 30_000).next().orElseThrow();
        EventTimeWindows met = EventTimeWindows.none(RULE, T + 30_000).add(RULE, Map.of(T + 30_000, 1L));
        Map<Long, Long> late = Map.of(T + 10_000, 4L, T + 15_000, 4L);
        assertEquals(held.add(RULE, late), met.add(RULE, late));
        assertEquals(Set.of(T + 15_000, T + 30_000), met.add(RULE, late).buckets().keySet());
    }

    @Test
    public void aWatermarkGoingBackIsTakenAsTheEarlierOne() {
        EventTimeWindows state = EventTimeWindows.none(RULE, T + 30_000);
        EventTimeWindows.Evaluation back = state.add(RULE, Map.of(T + 15_000, 4L)).evaluate(RULE, IP, T);
        assertEquals(List.of(T + 35_000), back.raised().stream().map(Alert::windowEndEpochMs).toList());
    }

    @Test
    public void theSameLinesInOneBatchOrInManyRaiseTheSameAlerts() {
        Random random = new Random(11);
        List<CleanEvent> log = new ArrayList<>();
        long t = T;
        // About one line per window per key, and now and then a burst of one key: episodes that start, end, merge.
        for (int i = 0; i < 3_000; i++) {
            String key = "10.0.0." + random.nextInt(4);
            int lines = random.nextInt(20) == 0 ? 4 + random.nextInt(3) : 1;
            for (int j = 0; j < lines; j++) {
                t += lines == 1 ? random.nextInt(8_000) : random.nextInt(700);
                log.addAll(lines(key, t));
            }
        }
        Set<String> once = episodes(run(LATENESS).batch(log));
        assertTrue(once.toString(), once.size() > 10);
        for (long lateness : new long[] {0, 7_000, LATENESS}) {
            InMemoryAlerting run = run(lateness);
            List<Alert> raised = new ArrayList<>();
            for (int from = 0; from < log.size(); ) {
                int to = Math.min(log.size(), from + 1 + random.nextInt(60));
                raised.addAll(run.batch(log.subList(from, to)));
                from = to;
            }
            assertEquals("lateness " + lateness, once, episodes(raised));
            assertEquals("one alert per episode", raised.size(), episodes(raised).size());
        }
    }

    @Test
    public void keysWithoutLinesEvaluatedOnlyOnceTheyWouldBeDroppedRaiseAndHoldWhatEveryBatchEvaluationDoes() {
        Random random = new Random(5);
        List<String> keys = List.of("10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.5", "10.0.0.6");
        for (long lateness : new long[] {0, 7_000, LATENESS}) {
            InMemoryAlerting eager = run(lateness);
            InMemoryAlerting waiting = InMemoryAlerting.waitingOnIdleKeys(List.of(RULE), lateness);
            long t = T;
            int deferred = 0;
            for (int batch = 0; batch < 400; batch++) {
                // Some keys quiet for many windows, then back, now and then in a burst or out of order.
                List<CleanEvent> lines = new ArrayList<>();
                for (String key : keys) {
                    if (random.nextInt(4) == 0) {
                        int count = random.nextInt(10) == 0 ? 5 : 1 + random.nextInt(2);
                        for (int i = 0; i < count; i++) {
                            lines.addAll(lines(key, t - random.nextInt(random.nextInt(6) == 0 ? 40_000 : 2_000)));
                        }
                    }
                }
                t += random.nextInt(9_000);
                String context = "lateness " + lateness + ", batch " + batch;
                assertEquals(context, eager.batch(lines), waiting.batch(lines));
                // A key waits only while it holds buckets: it leaves the state in the batch it would have anyway.
                assertEquals(context, eager.keys(RULE), waiting.keys(RULE));
                for (String key : eager.keys(RULE)) {
                    assertEquals(context + ", " + key, eager.caughtUpState(RULE, key), waiting.caughtUpState(RULE, key));
                    deferred += Objects.equals(waiting.state(RULE, key), eager.state(RULE, key)) ? 0 : 1;
                }
            }
            assertTrue("some keys waited: " + deferred, deferred > 100);
        }
    }

    @Test
    public void aBacklogDeliveredAtOnceRaisesOneAlertPerEpisodeOfTheRecount() {
        List<CleanEvent> backlog = new ArrayList<>();
        // Thirty minutes of one line every 7 s (never above), and bursts at known times: 4 lines within 2 s.
        for (long t = T; t < T + 1_800_000; t += 7_000) {
            backlog.addAll(lines(IP, t));
        }
        long[] bursts = {T + 100_500, T + 700_000, T + 1_200_250, T + 1_203_000};
        for (long burst : bursts) {
            for (int i = 0; i < 4; i++) {
                backlog.addAll(lines(IP, burst + i * 500));
            }
        }
        backlog.sort(Comparator.comparing(event -> event.event().time()));
        List<Alert> raised = run(LATENESS).batch(backlog);
        // Each burst lies in one bucket, so its first window ends at the next multiple of the slide; the last two
        // share a bucket: one episode.
        assertEquals(List.of(T + 105_000, T + 705_000, T + 1_205_000),
                raised.stream().map(Alert::windowEndEpochMs).toList());
    }

    @Test
    public void aBucketOffTheSlideIsRefused() {
        try {
            EventTimeWindows.none(RULE, Long.MIN_VALUE).add(RULE, Map.of(T + 1, 1L));
            throw new AssertionError("accepted a bucket off the slide");
        } catch (IllegalArgumentException expected) {
            assertTrue(expected.getMessage(), expected.getMessage().contains("multiple of the slide 5000"));
        }
    }

    @Test
    public void addingAndEvaluatingDoNotChangeTheState() {
        EventTimeWindows none = EventTimeWindows.none(RULE, Long.MIN_VALUE);
        EventTimeWindows some = none.add(RULE, Map.of(T, 4L));
        some.evaluate(RULE, IP, T + 100_000);
        assertTrue(none.buckets().isEmpty());
        assertEquals(Map.of(T, 4L), some.buckets());
    }

    @Test
    public void theStateSurvivesJavaSerialisationAsSparkStoresIt() throws Exception {
        EventTimeWindows.Evaluation evaluation = EventTimeWindows.none(RULE, Long.MIN_VALUE)
                .add(RULE, Map.of(T, 4L)).evaluate(RULE, IP, T);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(evaluation);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            EventTimeWindows.Evaluation restored = (EventTimeWindows.Evaluation) in.readObject();
            assertEquals(evaluation.raised(), restored.raised());
            assertEquals(evaluation.next(), restored.next());
            assertEquals(List.of(), restored.next().orElseThrow().add(RULE, Map.of(T, 1L))
                    .evaluate(RULE, IP, T).raised());
        }
    }

    private static Set<String> episodes(List<Alert> alerts) {
        Set<String> rows = new HashSet<>();
        alerts.forEach(alert -> rows.add(alert.rowKey()));
        return rows;
    }

    private static List<CleanEvent> lines(String ip, long... times) {
        List<CleanEvent> lines = new ArrayList<>();
        for (long time : times) {
            lines.add(CLEANER.clean(new AccessEvent(Instant.ofEpochMilli(time), ip, "GET", "/", null, "HTTP/1.1", 200,
                    512, null, "www.shop.example", "US", 12, "s1", "curl")));
        }
        return lines;
    }

    private static InMemoryAlerting run(long latenessMs) {
        return new InMemoryAlerting(List.of(RULE), latenessMs);
    }
}
