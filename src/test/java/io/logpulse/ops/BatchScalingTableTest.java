package io.logpulse.ops;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.logpulse.status.BatchStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class BatchScalingTableTest {

    private static BatchStatus batch(long time, long records, long processingMs) {
        Map<String, Long> stages = new LinkedHashMap<>();
        if (records > 0) {
            stages.put("pass", processingMs / 2);
            stages.put("counters", processingMs / 4);
            stages.put(BatchStatus.STAGE_ALERT_WINDOWS, processingMs / 5);
        }
        return new BatchStatus(time, records > 0 ? time / 5000 : -1, records, records, Map.of(), 0, 0, 0, records, 0,
                0, processingMs, 0, stages, 0, 0, 300, 400, 0);
    }

    /** An empty batch, a slow first batch, then batches of {@code records} taking the given times. */
    private static List<BatchStatus> run(long records, long... processingMs) {
        List<BatchStatus> statuses = new ArrayList<>(List.of(batch(0, 0, 5), batch(5_000, records, 9_000)));
        for (int i = 0; i < processingMs.length; i++) {
            statuses.add(batch(10_000 + 5_000L * i, records, processingMs[i]));
        }
        return statuses;
    }

    @Test
    public void aRunIsDoneWithItsFirstBusyBatchAndThreeMore() {
        assertFalse(BatchScalingTable.done(run(100, 1, 2)));
        assertTrue(BatchScalingTable.done(run(100, 1, 2, 3)));
    }

    @Test
    public void eachSizeShowsTheMedianOfItsBatchesAfterTheFirst() {
        String table = BatchScalingTable.bySize()
                .add(200_000, run(199_998, 2_400, 2_000, 2_200, 8_000))
                .add(100_000, run(99_999, 1_000, 1_200, 1_100))
                .render();

        // Sorted by size; the first batch's 9 s is left out, and so is a fifth batch.
        assertTrue(table, table.contains("| records per batch (cap) | records per batch |"));
        assertTrue(table, table.contains("| 100000 | 99999 | 3 | 1100 | 11.0 | 550 | 275 | 220 |\n"
                + "| 200000 | 199998 | 3 | 2200 | 11.0 |"));
        assertTrue(table, table.contains("fitted: a batch takes 0 ms + 11.00 us per record"));
    }

    @Test
    public void theClientsTableFitsTheTimeAgainstTheClientsAWindowHolds() {
        // The same batch size; each 1,000 clients held adds 100 ms to a batch of 1 s.
        String table = BatchScalingTable.byClients()
                .add(2_000, run(100_000, 1_200, 1_200, 1_200))
                .add(20_000, run(100_000, 3_000, 3_000, 3_000))
                .add(200_000, run(100_000, 21_000, 21_000, 21_000))
                .render();

        assertTrue(table, table.contains("| clients in the busiest window | records per batch |"));
        assertTrue(table, table.contains("| 20000 | 100000 | 3 | 3000 | 30.0 |"));
        assertTrue(table, table.contains("fitted: a batch takes 1000 ms + 100.00 us per client"));
    }

    @Test
    public void theFitSplitsAFixedCostPerBatchFromOnePerRecord() {
        // 500 ms + 5 us per record, exactly.
        double[] line = BatchScalingTable.leastSquares(List.of(new double[] {100_000, 1_000},
                new double[] {200_000, 1_500}, new double[] {400_000, 2_500}));

        assertEquals(500, line[0], 1e-6);
        assertEquals(0.005, line[1], 1e-9);
    }

    @Test
    public void aRunWithoutBatchesAfterTheFirstSaysSo() {
        String table = BatchScalingTable.bySize().add(400_000, run(400_000)).render();

        assertTrue(table, table.contains("| 400000 | - | 0 | - | - | - | - | - |"));
    }
}
