package io.logpulse.status;

import io.logpulse.event.JsonString;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one completed batch of the job did: the typed status contract. The job publishes one per batch on the
 * status topic as the JSON object of {@link #toJson()}; the demo, the bench, the dashboard and the tests read it
 * back with {@link #fromJson(String)}, never the driver's log. The fields, as named in the JSON:
 *
 * <ul>
 *   <li>{@code batch_time_ms}: the batch's time (epoch ms, a multiple of the batch interval);</li>
 *   <li>{@code seq}: its sequence number in the batch ledger; -1 for a batch without records (nothing recorded);</li>
 *   <li>{@code records}: Kafka records in the batch;</li>
 *   <li>{@code valid}, {@code blacklisted}, {@code duplicate}, {@code late}: lines counted, left out by the
 *       blacklist, screened as already counted (a re-send), counted though older than the watermark's lateness;</li>
 *   <li>{@code rejected}: lines refused, by reason ({@code io.logpulse.event.Reject}'s constants), sorted;</li>
 *   <li>{@code rows_applied}, {@code rows_skipped}: counter rows incremented, and rows a replay found already
 *       applied;</li>
 *   <li>{@code alerts}: alerts raised by the batch;</li>
 *   <li>{@code processing_ms}, {@code scheduling_delay_ms}: Spark's figures; -1 when Spark has none;</li>
 *   <li>{@code stages_ms}: the driver's wall time per step, in the order they ran ({@code pass}, {@code start},
 *       {@code rescreen}, {@code archive}, {@code counters}, {@code wait-alerts}, {@code finish}; the alerts ran
 *       beside archive and counters, as {@code alert-windows} and {@code alert-writes}), then the pass's
 *       tasks' own split summed over the tasks ({@code task-read}, {@code task-triage}, {@code task-archive},
 *       {@code task-fold}); empty for a batch without records;</li>
 *   <li>{@code kafka_end}, {@code kafka_lag}: the input topic's end offsets summed, and how many records lie
 *       between them and the end of this batch, read when the batch completed; -1 when Kafka did not answer;</li>
 *   <li>{@code heap_mb}, {@code peak_heap_mb}, {@code gc_ms}: the driver JVM's heap now, its peak (heap pools'
 *       peaks summed) and GC time since start. In local mode the executors run in it too.</li>
 * </ul>
 */
public record BatchStatus(long batchTimeMs, long seq, long records, long valid, Map<String, Long> rejected,
                          long blacklisted, long duplicate, long late, long rowsApplied, long rowsSkipped,
                          long alerts, long processingMs, long schedulingDelayMs, Map<String, Long> stagesMs,
                          long kafkaEnd, long kafkaLag, long heapMb, long peakHeapMb, long gcMs) {

    /** A field Spark or Kafka gave no value for. */
    public static final long UNKNOWN = -1;
    /** The stage of {@code stages_ms} in which the batch waited for its alerts after the counters. */
    public static final String STAGE_WAIT_ALERTS = "wait-alerts";
    /** The alerts' Spark job, which ran beside archive and counters. */
    public static final String STAGE_ALERT_WINDOWS = "alert-windows";
    /** The alerts' HBase and Kafka writes, after their Spark job. */
    public static final String STAGE_ALERT_WRITES = "alert-writes";

    public BatchStatus {
        if (records < 0 || valid < 0 || blacklisted < 0 || duplicate < 0 || late < 0 || rowsApplied < 0
                || rowsSkipped < 0 || alerts < 0) {
            throw new IllegalArgumentException("a batch status with a negative count: batch " + batchTimeMs);
        }
        rejected.values().forEach(count -> {
            if (count < 0) {
                throw new IllegalArgumentException("a negative reject count in batch " + batchTimeMs);
            }
        });
        rejected = Collections.unmodifiableMap(new TreeMap<>(rejected));
        stagesMs = Collections.unmodifiableMap(new LinkedHashMap<>(stagesMs));
    }

    /** Lines refused, all reasons together. */
    public long rejectedTotal() {
        return rejected.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The JSON object published on the status topic: one line, numbers as numbers. */
    public String toJson() {
        StringBuilder json = new StringBuilder(512).append('{');
        field(json, "batch_time_ms", batchTimeMs);
        field(json, "seq", seq);
        field(json, "records", records);
        field(json, "valid", valid);
        json.append("\"rejected\":").append(object(rejected)).append(',');
        field(json, "blacklisted", blacklisted);
        field(json, "duplicate", duplicate);
        field(json, "late", late);
        field(json, "rows_applied", rowsApplied);
        field(json, "rows_skipped", rowsSkipped);
        field(json, "alerts", alerts);
        field(json, "processing_ms", processingMs);
        field(json, "scheduling_delay_ms", schedulingDelayMs);
        json.append("\"stages_ms\":").append(object(stagesMs)).append(',');
        field(json, "kafka_end", kafkaEnd);
        field(json, "kafka_lag", kafkaLag);
        field(json, "heap_mb", heapMb);
        field(json, "peak_heap_mb", peakHeapMb);
        json.append("\"gc_ms\":").append(gcMs);
        return json.append('}').toString();
    }

    /**
     * Reads what {@link #toJson()} wrote. A field missing from the object (a status of an older job) reads as 0,
     * or {@link #UNKNOWN} for Spark's and Kafka's figures.
     *
     * @throws IllegalArgumentException when the text is not a JSON object of that shape
     */
    public static BatchStatus fromJson(String text) {
        Map<String, Object> o = JsonValue.object(text);
        return new BatchStatus(number(o, "batch_time_ms", 0), number(o, "seq", UNKNOWN), number(o, "records", 0),
                number(o, "valid", 0), counts(o, "rejected"), number(o, "blacklisted", 0),
                number(o, "duplicate", 0), number(o, "late", 0), number(o, "rows_applied", 0),
                number(o, "rows_skipped", 0), number(o, "alerts", 0), number(o, "processing_ms", UNKNOWN),
                number(o, "scheduling_delay_ms", UNKNOWN), counts(o, "stages_ms"), number(o, "kafka_end", UNKNOWN),
                number(o, "kafka_lag", UNKNOWN), number(o, "heap_mb", UNKNOWN), number(o, "peak_heap_mb", UNKNOWN),
                number(o, "gc_ms", UNKNOWN));
    }

    /** The driver log's status line: the same figures, for a person reading the log. */
    public String logLine() {
        StringBuilder line = new StringBuilder(256).append("batch ").append(batchTimeMs);
        if (seq >= 0) {
            line.append(" seq=").append(seq);
        }
        line.append(" records=").append(records).append(" valid=").append(valid)
                .append(" rejected=").append(rejectedTotal());
        rejected.forEach((reason, count) -> line.append(' ').append(reason).append('=').append(count));
        line.append(" blacklisted=").append(blacklisted).append(" duplicate=").append(duplicate)
                .append(" late=").append(late).append(" rows=").append(rowsApplied)
                .append(" replayed-rows-skipped=").append(rowsSkipped).append(" alerts=").append(alerts);
        if (!stagesMs.isEmpty()) {
            line.append(" | stages");
            stagesMs.forEach((stage, ms) -> line.append(' ').append(stage).append('=').append(ms));
        }
        return line.append(" | processing=").append(processingMs).append("ms scheduling-delay=")
                .append(schedulingDelayMs).append("ms kafka-lag=").append(kafkaLag).append(" heap=").append(heapMb)
                .append("MB peak-heap=").append(peakHeapMb).append("MB gc-total=").append(gcMs).append("ms")
                .toString();
    }

    private static void field(StringBuilder json, String name, long value) {
        json.append('"').append(name).append("\":").append(value).append(',');
    }

    private static String object(Map<String, Long> counts) {
        StringBuilder json = new StringBuilder().append('{');
        counts.forEach((name, count) -> json.append(json.length() > 1 ? "," : "").append(JsonString.quote(name))
                .append(':').append(count));
        return json.append('}').toString();
    }

    private static long number(Map<String, Object> object, String name, long missing) {
        Object value = object.get(name);
        if (value == null) {
            return missing;
        }
        if (!(value instanceof Long number)) {
            throw new IllegalArgumentException("status field " + name + " is not a whole number: " + value);
        }
        return number;
    }

    private static Map<String, Long> counts(Map<String, Object> object, String name) {
        Object value = object.get(name);
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("status field " + name + " is not an object: " + value);
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        map.forEach((key, count) -> {
            if (!(count instanceof Long number)) {
                throw new IllegalArgumentException("status field " + name + "." + key + " is not a whole number");
            }
            counts.put((String) key, number);
        });
        return counts;
    }
}
