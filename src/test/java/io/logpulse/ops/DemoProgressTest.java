package io.logpulse.ops;

import static org.junit.Assert.assertEquals;

import io.logpulse.ops.DemoProgress.Verdict;
import org.junit.Test;

public class DemoProgressTest {

    private static final long MINUTE = 60_000;

    private static PipelineSample sample(long arrived, long inputRate, long lag) {
        return new PipelineSample(arrived, inputRate, 0, lag, null);
    }

    @Test
    public void theDemoIsDrainedOnceEveryExpectedLineArrivedAndIsCommitted() {
        DemoProgress progress = new DemoProgress(1000, 0, 0);
        assertEquals(Verdict.RUNNING, progress.observe(sample(600, 300, 600), 2_000));
        assertEquals(Verdict.RUNNING, progress.observe(sample(1000, 200, 400), 4_000));
        assertEquals(Verdict.DRAINED, progress.observe(sample(1000, 0, 0), 6_000));
    }

    @Test
    public void aDemoWhereNothingArrivesAndTheLagStandsStillForFiveMinutesIsStalled() {
        DemoProgress progress = new DemoProgress(1000, 0, 0);
        assertEquals(Verdict.RUNNING, progress.observe(sample(10, 0, 10), MINUTE));
        assertEquals(Verdict.RUNNING, progress.observe(sample(10, 0, 10), 5 * MINUTE + 59_000));
        assertEquals(Verdict.STALLED, progress.observe(sample(10, 0, 10), 6 * MINUTE));
    }

    @Test
    public void aShrinkingLagIsProgressEvenWhenNothingArrives() {
        DemoProgress progress = new DemoProgress(1000, 0, 0);
        assertEquals(Verdict.RUNNING, progress.observe(sample(500, 0, 400), 4 * MINUTE));
        assertEquals(Verdict.RUNNING, progress.observe(sample(500, 0, 300), 8 * MINUTE));
        assertEquals(Verdict.RUNNING, progress.observe(sample(500, 0, 300), 12 * MINUTE));
        assertEquals(Verdict.STALLED, progress.observe(sample(500, 0, 300), 13 * MINUTE));
    }

    @Test
    public void afterTheGeneratorTheDemoEndsWhenNothingArrivesAndTheLagIsZero() {
        DemoProgress progress = new DemoProgress(0, 0, 0);
        assertEquals(Verdict.RUNNING, progress.observe(sample(5000, 500, 0), 10_000));
        progress.generatorFinished(10_000);
        assertEquals(Verdict.RUNNING, progress.observe(sample(5200, 100, 0), 12_000));
        assertEquals(Verdict.RUNNING, progress.observe(sample(5200, 0, 50), 14_000));
        assertEquals(Verdict.CAUGHT_UP, progress.observe(sample(5200, 0, 0), 16_000));
    }

    @Test
    public void aJobStillBehindFiveMinutesAfterTheGeneratorHasNotCaughtUp() {
        DemoProgress progress = new DemoProgress(0, 0, 0);
        progress.generatorFinished(MINUTE);
        assertEquals(Verdict.RUNNING, progress.observe(sample(5000, 0, 100), 5 * MINUTE));
        assertEquals(Verdict.NOT_CAUGHT_UP, progress.observe(sample(5000, 0, 90), 6 * MINUTE));
    }

    @Test
    public void aDurationOnGivenInputsEndsTheDemo() {
        DemoProgress progress = new DemoProgress(0, 0, 90_000);
        assertEquals(Verdict.RUNNING, progress.observe(sample(100, 10, 5), 88_000));
        assertEquals(Verdict.DURATION_OVER, progress.observe(sample(120, 10, 5), 90_000));
    }
}
