package io.logpulse.status;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class BatchStatusTest {

    private static BatchStatus sample() {
        Map<String, Long> stages = new LinkedHashMap<>();
        stages.put("pass", 812L);
        stages.put("start", 4L);
        stages.put("counters", 230L);
        return new BatchStatus(1_764_000_000_000L, 42, 10_000, 9_950, Map.of("bad_ip", 3L, "empty", 2L), 40, 5, 1,
                1_234, 0, 2, 1_100, 7, stages, 500_000, 12_000, 640, 712, 266);
    }

    @Test
    public void aStatusReadsBackAsTheSameStatus() {
        BatchStatus status = sample();
        assertEquals(status, BatchStatus.fromJson(status.toJson()));
    }

    @Test
    public void theJsonCarriesNumbersAsNumbersAndRejectsByReason() {
        Map<String, Object> json = JsonValue.object(sample().toJson());
        assertEquals(10_000L, json.get("records"));
        assertEquals(1_100L, json.get("processing_ms"));
        assertEquals(12_000L, json.get("kafka_lag"));
        assertEquals(Map.of("bad_ip", 3L, "empty", 2L), json.get("rejected"));
        assertEquals(List.of("pass", "start", "counters"),
                List.copyOf(((Map<?, ?>) json.get("stages_ms")).keySet()));
        assertEquals(5L, sample().rejectedTotal());
    }

    @Test
    public void fieldsAnOlderJobDidNotWriteReadAsZeroOrUnknown() {
        BatchStatus old = BatchStatus.fromJson("{\"batch_time_ms\":5000,\"records\":10,\"processing_ms\":120,"
                + "\"scheduling_delay_ms\":3,\"report\":\"valid=10\"}");
        assertEquals(10, old.records());
        assertEquals(0, old.valid());
        assertEquals(BatchStatus.UNKNOWN, old.kafkaLag());
        assertEquals(BatchStatus.UNKNOWN, old.seq());
        assertTrue(old.rejected().isEmpty());
    }

    @Test
    public void textThatIsNotAStatusIsRefusedWithWhereItWentWrong() {
        IllegalArgumentException notJson = assertThrows(IllegalArgumentException.class,
                () -> BatchStatus.fromJson("batch 5000 records=10"));
        assertTrue(notJson.getMessage(), notJson.getMessage().contains("character 0"));
        assertThrows(IllegalArgumentException.class, () -> BatchStatus.fromJson("{\"records\":\"ten\"}"));
        assertThrows(IllegalArgumentException.class, () -> BatchStatus.fromJson("{\"records\":-4}"));
    }

    @Test
    public void theLogLineShowsTheSameFigures() {
        String line = sample().logLine();
        assertTrue(line, line.startsWith("batch 1764000000000 seq=42 records=10000 valid=9950 rejected=5 bad_ip=3"));
        assertTrue(line, line.contains("| stages pass=812 start=4 counters=230 | processing=1100ms"));
        assertTrue(line, line.contains("kafka-lag=12000 heap=640MB peak-heap=712MB gc-total=266ms"));
    }

    @Test
    public void jsonStringsWithEscapesAndNestedValuesAreRead() {
        Map<String, Object> o = JsonValue.object(
                " {\"a\": \"x\\\"y\\u00e9\\n\", \"b\": [1, 2.5, true, null], \"c\": {}} ");
        assertEquals("x\"y\u00e9\n", o.get("a"));
        assertEquals(java.util.Arrays.asList(1L, 2.5, true, null), o.get("b"));
        assertEquals(Map.of(), o.get("c"));
    }
}
