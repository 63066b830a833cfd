package io.logpulse.ops;

import static io.logpulse.ops.DemoProgress.Verdict.CAUGHT_UP;
import static io.logpulse.ops.DemoProgress.Verdict.DRAINED;
import static io.logpulse.ops.DemoProgress.Verdict.DURATION_OVER;
import static io.logpulse.ops.DemoProgress.Verdict.NOT_CAUGHT_UP;
import static io.logpulse.ops.DemoProgress.Verdict.RUNNING;
import static io.logpulse.ops.DemoProgress.Verdict.STALLED;
import static org.junit.Assert.assertEquals;

import io.logpulse.ops.DemoProgress.Verdict;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

public class DemoProgressTest {

    private static final long MINUTE = 60_000;

    /** The verdicts on samples {time ms, lines arrived, input lines/s, lag}, in order. */
    private static List<Verdict> watch(DemoProgress progress, long[]... samples) {
        List<Verdict> verdicts = new ArrayList<>();
        for (long[] s : samples) {
            verdicts.add(progress.observe(new PipelineSample(s[1], s[2], 0, s[3], null), s[0]));
        }
        return verdicts;
    }

    @Test
    public void theDemoIsDrainedOnceEveryExpectedLineArrivedAndIsCommitted() {
        assertEquals(List.of(RUNNING, RUNNING, DRAINED), watch(new DemoProgress(1000, 0, 0),
                new long[] {2_000, 600, 300, 600}, new long[] {4_000, 1000, 200, 400}, new long[] {6_000, 1000, 0, 0}));
    }

    @Test
    public void aDemoWhereNothingArrivesAndTheLagStandsStillForFiveMinutesIsStalled() {
        assertEquals(List.of(RUNNING, RUNNING, STALLED), watch(new DemoProgress(1000, 0, 0),
                new long[] {MINUTE, 10, 0, 10}, new long[] {5 * MINUTE + 59_000, 10, 0, 10},
                new long[] {6 * MINUTE, 10, 0, 10}));
    }

    @Test
    public void aShrinkingLagIsProgressEvenWhenNothingArrives() {
        assertEquals(List.of(RUNNING, RUNNING, RUNNING, STALLED), watch(new DemoProgress(1000, 0, 0),
                new long[] {4 * MINUTE, 500, 0, 400}, new long[] {8 * MINUTE, 500, 0, 300},
                new long[] {12 * MINUTE, 500, 0, 300}, new long[] {13 * MINUTE, 500, 0, 300}));
    }

    @Test
    public void afterTheGeneratorTheDemoEndsWhenNothingArrivesAndTheLagIsZero() {
        DemoProgress progress = new DemoProgress(0, 0, 0);
        assertEquals(List.of(RUNNING), watch(progress, new long[] {10_000, 5000, 500, 0}));
        progress.generatorFinished(10_000);
        assertEquals(List.of(RUNNING, RUNNING, CAUGHT_UP), watch(progress, new long[] {12_000, 5200, 100, 0},
                new long[] {14_000, 5200, 0, 50}, new long[] {16_000, 5200, 0, 0}));
    }

    @Test
    public void aJobStillBehindFiveMinutesAfterTheGeneratorHasNotCaughtUp() {
        DemoProgress progress = new DemoProgress(0, 0, 0);
        progress.generatorFinished(MINUTE);
        assertEquals(List.of(RUNNING, NOT_CAUGHT_UP), watch(progress, new long[] {5 * MINUTE, 5000, 0, 100},
                new long[] {6 * MINUTE, 5000, 0, 90}));
    }

    @Test
    public void aDurationOnGivenInputsEndsTheDemo() {
        assertEquals(List.of(RUNNING, DURATION_OVER), watch(new DemoProgress(0, 0, 90_000),
                new long[] {88_000, 100, 10, 5}, new long[] {90_000, 120, 10, 5}));
    }
}
