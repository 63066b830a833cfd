package io.logpulse.ops;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class ProcessCpuTest {

    @Rule
    public TemporaryFolder state = new TemporaryFolder();

    private void writePid(String component, String pid) throws IOException {
        Path pids = state.getRoot().toPath().resolve("pids");
        Files.createDirectories(pids);
        Files.writeString(pids.resolve(component + ".pid"), pid + "\n");
    }

    @Test
    public void aRunningServerTellsTheCpuItHasUsedSoFar() throws IOException {
        writePid("kafka", String.valueOf(ProcessHandle.current().pid()));
        ProcessCpu server = ProcessCpu.ofServer(state.getRoot().toPath(), "kafka").orElseThrow();
        Duration before = server.used().orElseThrow();
        long spin = 0;
        for (long deadline = System.nanoTime() + 200_000_000L; System.nanoTime() < deadline; ) {
            spin++;
        }
        assertTrue("spun " + spin, server.used().orElseThrow().compareTo(before) > 0);
        assertEquals("kafka", server.name());
    }

    @Test
    public void aServerWithoutPidFileIsNotThere() throws IOException {
        assertFalse(ProcessCpu.ofServer(state.getRoot().toPath(), "flume").isPresent());
    }

    @Test
    public void aPidFileOfADeadProcessIsNotThere() throws IOException {
        writePid("flume", String.valueOf(Long.MAX_VALUE));
        assertFalse(ProcessCpu.ofServer(state.getRoot().toPath(), "flume").isPresent());
    }

    @Test
    public void aPidFileWithoutPidSaysWhichFileAndWhatToRun() throws IOException {
        writePid("flume", "not-a-pid");
        IOException e = assertThrows(IOException.class, () -> ProcessCpu.ofServer(state.getRoot().toPath(), "flume"));
        assertTrue(e.getMessage(), e.getMessage().contains("flume.pid holds no pid: 'not-a-pid'")
                && e.getMessage().contains("stack status"));
    }

    @Test
    public void cpuPerLineIsTheDifferenceInMicrosecondsOverTheLines() {
        assertEquals(20.0, ProcessCpu.microsPerLine(Duration.ofSeconds(10), Duration.ofSeconds(30), 1_000_000), 1e-9);
        assertThrows(IllegalArgumentException.class,
                () -> ProcessCpu.microsPerLine(Duration.ZERO, Duration.ofSeconds(1), 0));
    }
}
