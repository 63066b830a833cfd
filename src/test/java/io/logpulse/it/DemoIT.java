package io.logpulse.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.Test;

/**
 * The README's demo fed an nginx combined log: {@code demo --input LOG --until-drained --report-json FILE} runs
 * Flume, Kafka and the job on the local YARN, exits 0 once every line is counted, and its JSON report equals an
 * independent recount of the log. Runs on the suite's stack, which the demo must leave running because it did not
 * start it. The demo counts into the default tables, which add up across runs (a stack reused by an earlier
 * {@code mvn verify}), so the report must equal what they held before plus the recount.
 */
public class DemoIT {
    private static final int GARBAGE = 20;

    @Test
    public void demoOnAnNginxLogReportsExactlyTheRecount() throws Exception {
        LocalStack.start();
        Path dir = LocalStack.STATE.resolve("demo-input");
        LocalStack.run(Map.of(), "generate", "--dir", dir.toString(), "--count", "4000", "--format", "combined",
                "--seed", "21", "--scenarios").expectSuccess();
        List<String> lines = new ArrayList<>();
        try (var files = Files.list(dir)) {
            for (Path file : files.sorted().toList()) {
                lines.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
            }
        }
        for (int i = 0; i < GARBAGE; i++) {
            lines.add(i * 150, "not an access log line " + i);
        }
        // The log names no virtual host: its lines count under the host of the Flume agent that read them.
        Recount recount = new Recount(Set.of(), InetAddress.getLocalHost().getHostName());
        lines.forEach(recount::add);
        assertEquals(GARBAGE, recount.unparsed);
        Path log = LocalStack.STATE.resolve("nginx-access.log");
        // No newline after the last line, as a log cut mid-write may end: the demo must still feed that line.
        Files.writeString(log, String.join("\n", lines), StandardCharsets.UTF_8);
        Path json = LocalStack.STATE.resolve("demo-report.json");
        Files.deleteIfExists(json);
        LocalStack.run(Map.of(), "shell", "hbase-schema/create_tables.rb").expectSuccess();
        Map<String, Map<String, Map<String, Long>>> before = JSON.readValue(
                LocalStack.stdoutOf("report", "--format", "json"), REPORT);

        LocalStack.Run demo = LocalStack.run(Map.of(), "demo", "--input", log.toString(), "--until-drained",
                "--report-json", json.toString()).expectSuccess();

        assertTrue(demo.output(), demo.output().contains(String.format("drained: %,d lines", lines.size())));
        assertTrue(demo.output(), demo.output().contains("Product clicks (product_clickcount"));
        Map<String, Map<String, Map<String, Long>>> report = JSON.readValue(json.toFile(), REPORT);
        for (String table : JobInput.COUNTER_TABLES) {
            assertEquals(table, plus(before.get(table), recount.tables.get(table)), report.get(table));
        }
        assertEquals(recount.valid, pipelineTotal(report, "valid") - pipelineTotal(before, "valid"));
        assertEquals(GARBAGE, pipelineTotal(report, "rejected") - pipelineTotal(before, "rejected"));

        assertFalse("the demo left its job on YARN", LocalStack.run(Map.of(), "yarn", "status").output()
                .contains("logpulse-demo-"));
        LocalStack.Run status = LocalStack.run(Map.of(), "stack", "status");
        assertEquals("the demo stopped a stack it did not start:\n" + status.output(), 0, status.exitCode());
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Map<String, Map<String, Long>>>> REPORT = new TypeReference<>() { };

    /** Row by row and qualifier by qualifier, the counters of a table before the demo plus what it counted. */
    private static Map<String, Map<String, Long>> plus(Map<String, Map<String, Long>> before,
                                                       Map<String, Map<String, Long>> counted) {
        Map<String, Map<String, Long>> sum = new TreeMap<>();
        for (Map<String, Map<String, Long>> table : Arrays.asList(before, counted)) {
            if (table != null) {
                table.forEach((row, cells) -> cells.forEach((qualifier, value) ->
                        sum.computeIfAbsent(row, r -> new TreeMap<>()).merge(qualifier, value, Long::sum)));
            }
        }
        return sum;
    }

    private static long pipelineTotal(Map<String, Map<String, Map<String, Long>>> report, String qualifier) {
        return report.getOrDefault("pipeline_stats", Map.of()).values().stream()
                .mapToLong(cells -> cells.getOrDefault(qualifier, 0L)).sum();
    }
}
