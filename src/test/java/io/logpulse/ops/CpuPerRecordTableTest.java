package io.logpulse.ops;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.logpulse.status.BatchStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.Test;

public class CpuPerRecordTableTest {

    private static final ProcessCpu JOB = new ProcessCpu("job", ProcessHandle.current());
    private static final ProcessCpu KAFKA = new ProcessCpu("kafka", ProcessHandle.current());

    private static BatchStatus batch(long time, long records) {
        return new BatchStatus(time, time / 5000, records, records, Map.of(), 0, 0, 0, records, 0, 0, 100, 0,
                Map.of(), 0, 0, 300, 400, 0);
    }

    private static ProcessCpu.Snapshot cpu(long jobSeconds, long kafkaSeconds) {
        return new ProcessCpu.Snapshot(List.of(JOB, KAFKA), List.of(Optional.of(Duration.ofSeconds(jobSeconds)),
                Optional.of(Duration.ofSeconds(kafkaSeconds))));
    }

    @Test
    public void theFirstBatchWithRecordsAndTheEmptyOnesAfterTheLastAreLeftOut() {
        // Batch 1 (1M records) pays for the start; batches 2 and 3 hold 500k records in 6 s of job CPU, 1 s of Kafka's.
        String table = new CpuPerRecordTable(
                List.of(batch(5_000, 1_000_000), batch(10_000, 300_000), batch(15_000, 200_000), batch(20_000, 0)),
                List.of(cpu(40, 5), cpu(43, 5), cpu(46, 6), cpu(50, 7)), 2).render();
        assertTrue(table, table.contains("over the 500,000 records of 2 batches after the first"));
        assertTrue(table, table.contains("| job | 12.0 us |"));
        assertTrue(table, table.contains("| kafka | 2.0 us |"));
        assertTrue(table, table.contains("| all of them: what 2 cores allow at that cost | 14.0 us: 142,857 records/s |"));
    }

    @Test
    public void aProcessTheOsSaysNothingOfLeavesTheTotalUnknown() {
        ProcessCpu.Snapshot silent = new ProcessCpu.Snapshot(List.of(JOB, KAFKA),
                List.of(Optional.of(Duration.ofSeconds(9)), Optional.empty()));
        String table = new CpuPerRecordTable(List.of(batch(5_000, 10), batch(10_000, 10)),
                List.of(cpu(1, 1), silent), 2).render();
        assertTrue(table, table.contains("| kafka | not known |"));
        assertTrue(table, table.contains("not known: not known |"));
        assertTrue(table, table.contains("over the 10 records of the batch after the first"));
    }

    @Test
    public void aRunWithOneBusyBatchIsNotMeasured() {
        assertEquals(String.format("%nCPU per record: not measured (no batch with records after the first, or no"
                + " process to read)%n"), new CpuPerRecordTable(List.of(batch(5_000, 10), batch(10_000, 0)),
                List.of(cpu(1, 1), cpu(2, 2)), 2).render());
    }
}
