package io.logpulse.job;

import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.streaming.api.java.JavaStreamingContext;
import org.apache.spark.streaming.scheduler.StreamingListener;
import org.apache.spark.streaming.scheduler.StreamingListenerBatchCompleted;
import org.apache.spark.util.ManualClock;

/**
 * Runs a context on Spark's manual clock ({@code spark.streaming.clock=org.apache.spark.util.ManualClock}) one
 * batch at a time: each step advances the clock one interval and waits, up to a minute, for that batch.
 */
final class ManualBatches {

    private ManualBatches() {
    }

    /** Starts the wired context and steps it through {@code batches} batches of {@code intervalMs}. */
    static void run(JavaStreamingContext ssc, int batches, long intervalMs) {
        AtomicInteger completed = new AtomicInteger();
        ssc.addStreamingListener(new StreamingListener() {
            @Override
            public void onBatchCompleted(StreamingListenerBatchCompleted batchCompleted) {
                completed.incrementAndGet();
            }
        });
        ssc.start();
        ManualClock clock = (ManualClock) ssc.ssc().scheduler().clock();
        for (int i = 1; i <= batches; i++) {
            clock.advance(intervalMs);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (completed.get() < i && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertTrue("batch " + i + " did not complete", completed.get() >= i);
        }
    }
}
