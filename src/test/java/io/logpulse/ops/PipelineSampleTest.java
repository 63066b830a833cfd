package io.logpulse.ops;

import static org.junit.Assert.assertEquals;

import io.logpulse.status.BatchStatus;
import java.util.Map;
import org.junit.Test;

public class PipelineSampleTest {

    @Test
    public void theStatusLineShowsLinesRatesLagAndTheLastBatch() {
        BatchStatus batch = new BatchStatus(5_000, 3, 1_234, 1_230, Map.of(), 0, 0, 0, 10, 0, 0, 812, 4, Map.of(),
                9_000, 0, 100, 120, 30);
        assertEquals("in: 12,345 lines (1,500/s) | job: 1,499/s | kafka lag: 0 | last batch: 1234 records,"
                + " processing 812 ms, scheduling delay 4 ms",
                new PipelineSample(12_345, 1_500, 1_499, 0, batch).statusLine());
    }

    @Test
    public void beforeItsFirstBatchTheJobIsShownStarting() {
        assertEquals("in: 0 lines (0/s) | job: - | kafka lag: 0 | last batch: none yet (the job is starting)",
                new PipelineSample(0, 0, BatchStatus.UNKNOWN, 0, null).statusLine());
    }

    @Test
    public void anAlertReadsAsRuleKeyCountThresholdAndWindow() {
        assertEquals("client_burst 203.0.113.66: 15 > 10 in 20 s", PipelineWatch.describeAlert("{\"rule\":"
                + "\"client_burst\",\"key\":\"203.0.113.66\",\"count\":15,\"threshold\":10,\"window_seconds\":20,"
                + "\"window_end\":1764000020000}"));
    }
}
