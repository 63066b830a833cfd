package io.logpulse.ops;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.logpulse.status.BatchStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.Test;

public class JobBenchTableTest {

    private static BatchStatus batch(long time, long records, long processingMs, long gcMs) {
        Map<String, Long> stages = new LinkedHashMap<>();
        if (records > 0) {
            stages.put("pass", processingMs / 2);
            stages.put("counters", processingMs / 4);
            stages.put("task-read", processingMs / 5);
        }
        return new BatchStatus(time, records > 0 ? time / 5000 : -1, records, records, Map.of(), 0, 0, 0, records, 0,
                0, processingMs, 0, stages, 0, 0, 300, 400 + records / 1000, gcMs);
    }

    /** 10,000 lines in two batches of 4 s each, then ten empty batches of 100, 120, 80, 110, 90 ms twice. */
    private static List<BatchStatus> run() {
        List<BatchStatus> statuses = new ArrayList<>(List.of(batch(5_000, 6_000, 4_000, 100),
                batch(10_000, 4_000, 4_000, 150)));
        long[] empty = {100, 120, 80, 110, 90, 100, 120, 80, 110, 90};
        for (int i = 0; i < empty.length; i++) {
            statuses.add(batch(15_000 + 5_000L * i, 0, empty[i], 160));
        }
        return statuses;
    }

    @Test
    public void theBenchIsDoneAfterFiveEmptyBatchesFollowingTheLastLine() {
        List<BatchStatus> statuses = run();
        assertTrue(JobBenchTable.done(10_000, statuses));
        assertFalse(JobBenchTable.done(10_000, statuses.subList(0, 6)));
        assertFalse(JobBenchTable.done(20_000, statuses));
    }

    @Test
    public void withoutAWarmUpTheJobsRateRunsFromItsFirstBatchToTheEndOfTheOneWithTheLastLine() {
        // From batch time 5,000 to 10,000 + 0 delay + 4,000 processing: 10,000 lines in 9 s.
        assertRows(new JobBenchTable(0, 10_000, 50_000, OptionalLong.of(500), run()).render(),
                "| (b) job end to end (HBase counters + HDFS archive + alerts), warm: the 10000 records after the"
                        + " warm-up | 1111 records/s |",
                "| b/a | 0.02 |",
                "| (b) from a cold start: all 10000 records from the job's first batch | 1111 records/s |",
                "| b/c (warm) | 2.2 |",
                "| batches with records | 0 of warm-up, 2 measured (8000 ms processing) |",
                "| lines taken as late (request time behind the watermark) | 0 |",
                "| empty batch (median of 10 after the backlog) | 100 ms |",
                "| driver JVM peak heap (local mode: executors too; pools summed) | 406 MB |",
                "| GC time while the measured batches ran | 50 ms |");
    }

    @Test
    public void theWarmRateRunsFromTheLaterOfTheWarmUpsEndAndTheNextBatchAndTheColdOneFromTheFirstBatch() {
        // The warm-up batch ends at 9,000, the next is due at 10,000 and ends at 14,000: 4,000 lines in 4 s.
        String table = new JobBenchTable(6_000, 4_000, 50_000, OptionalLong.empty(), run()).render();
        assertRows(table,
                "| lines | 4000 after 6000 of warm-up |",
                "| (b) job end to end (HBase counters + HDFS archive + alerts), warm: the 4000 records after the"
                        + " warm-up | 1000 records/s |",
                "| (b) from a cold start: all 10000 records from the job's first batch | 1111 records/s |",
                "| batches with records | 1 of warm-up, 1 measured (4000 ms processing) |",
                "| GC time while the measured batches ran | 50 ms |",
                "| 1 (warm-up) | 6000 | 4000 | 666.7 |", "| 2 | 4000 | 4000 | 1000.0 |");
    }

    @Test
    public void stagesAreSummedOverTheMeasuredBatchesAndTaskStagesGoInsideThePass() {
        String table = new JobBenchTable(6_000, 4_000, 50_000, OptionalLong.empty(), run()).render();
        assertRows(table, "| pass | 2000 | 50 % |", "| counters | 1000 | 25 % |", "| read | 800 | 200.00 us |");
        assertFalse(table, table.contains("| task-read |"));
        assertFalse(table, table.contains("naive"));
    }

    private static void assertRows(String table, String... rows) {
        for (String row : rows) {
            assertTrue(table, table.lines().anyMatch(row::equals));
        }
    }
}
