package io.logpulse.clean;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.logpulse.config.LogPulseConfig;
import io.logpulse.job.PipelineGraph;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.Test;

/** The committed seed corpus of {@link LineTriageFuzzIT}, checked on every unit-test run in milliseconds. */
public class LineTriageFuzzTargetTest {

    private static final Path SEEDS = Path.of("src", "test", "fuzz", "line-triage");

    private static List<Path> seeds(String prefix) throws IOException {
        try (Stream<Path> files = Files.list(SEEDS)) {
            return files.filter(f -> f.getFileName().toString().startsWith(prefix)).sorted().toList();
        }
    }

    @Test
    public void everySeedPassesTheFuzzTargetCrashersIncluded() throws IOException {
        List<Path> all = seeds("");
        assertTrue(all.toString(), all.size() >= 10);
        for (Path seed : all) {
            LineTriageFuzzTarget.fuzzerTestOneInput(Files.readAllBytes(seed));
        }
    }

    @Test
    public void theValidSeedsOfEachFormatCountSoTheFuzzerStartsPastTheParser() throws IOException {
        LineTriage triage = PipelineGraph.lineTriage(LogPulseConfig.defaults());
        List<Path> valid = seeds("valid-");
        assertEquals(6, valid.size());
        for (Path seed : valid) {
            TriagedLine line = triage.triage(Files.readString(seed, StandardCharsets.UTF_8), LineTriageFuzzTarget.BATCH);
            assertTrue(seed + ": " + line, line.counted());
        }
    }
}
