package io.logpulse.ops;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import jdk.jfr.Recording;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class HotMethodsTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private static volatile long sink;

    @Test
    public void aMethodThatSpinsIsOnTopOfMostSamplesOfItsThreadAndIsCountedInclusively() throws Exception {
        Path file = tmp.getRoot().toPath().resolve("spin.jfr");
        try (Recording recording = new Recording()) {
            recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
            recording.start();
            Thread spinner = new Thread(() -> spinFor(Duration.ofMillis(1000)), "spinner-7");
            spinner.start();
            spinner.join();
            recording.stop();
            recording.dump(file);
        }
        HotMethods hot = HotMethods.of(file);

        assertTrue("samples: " + hot.samples(), hot.samples() >= 10);
        String spin = HotMethodsTest.class.getName() + ".spinFor";
        assertTrue(hot.render(10), hot.inclusiveShare(spin) > 0.5);
        assertTrue(hot.render(10), hot.render(10).contains("| spinner-N |"));
        assertEquals(0.0, hot.selfShare("no.such.Method"), 0.0);
    }

    @Test
    public void aRecordingWithoutSamplesRendersTablesWithNoRows() throws Exception {
        Path file = tmp.getRoot().toPath().resolve("empty.jfr");
        try (Recording recording = new Recording()) {
            recording.start();
            recording.stop();
            recording.dump(file);
        }
        assertTrue(Files.size(file) > 0);
        HotMethods hot = HotMethods.of(file);

        assertEquals(0, hot.samples());
        assertTrue(hot.render(5).contains("0 execution samples"));
    }

    private static void spinFor(Duration duration) {
        long end = System.nanoTime() + duration.toNanos();
        long x = 0;
        while (System.nanoTime() < end) {
            // Plain Java between clock reads: a sample finds the thread in Java code, not in the clock's call.
            for (int i = 0; i < 1_000_000; i++) {
                x = x * 6364136223846793005L + i;
            }
        }
        sink = x;
    }
}
