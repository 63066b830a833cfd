package io.logpulse.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.Test;

/**
 * The README's demo fed an nginx combined log: {@code demo --input LOG --until-drained --report-json FILE} runs
 * Flume, Kafka and the job on the local YARN, exits 0 once every line is counted, and its JSON report equals an
 * independent recount of the log. Runs on the suite's stack (the default tables, which no other test writes),
 * which the demo must leave running because it did not start it.
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
        Recount recount = new Recount(Set.of());
        lines.forEach(recount::add);
        assertEquals(GARBAGE, recount.unparsed);
        Path log = LocalStack.STATE.resolve("nginx-access.log");
        // No newline after the last line, as a log cut mid-write may end: the demo must still feed that line.
        Files.writeString(log, String.join("\n", lines), StandardCharsets.UTF_8);
        Path json = LocalStack.STATE.resolve("demo-report.json");
        Files.deleteIfExists(json);

        LocalStack.Run demo = LocalStack.run(Map.of(), "demo", "--input", log.toString(), "--until-drained",
                "--report-json", json.toString()).expectSuccess();

        assertTrue(demo.output(), demo.output().contains(String.format("drained: %,d lines", lines.size())));
        assertTrue(demo.output(), demo.output().contains("Product clicks (product_clickcount"));
        Map<String, Map<String, Map<String, Long>>> report = new ObjectMapper().readValue(json.toFile(),
                new TypeReference<>() { });
        for (String table : JobInput.COUNTER_TABLES) {
            assertEquals(table, recount.tables.get(table), report.get(table));
        }
        Map<String, Map<String, Long>> stats = report.get("pipeline_stats");
        assertEquals(recount.valid, stats.values().stream().mapToLong(c -> c.getOrDefault("valid", 0L)).sum());
        assertEquals(GARBAGE, stats.values().stream().mapToLong(c -> c.getOrDefault("rejected", 0L)).sum());

        assertFalse("the demo left its job on YARN", LocalStack.run(Map.of(), "yarn", "status").output()
                .contains("logpulse-demo-"));
        assertTrue("the demo stopped a stack it did not start",
                LocalStack.run(Map.of(), "stack", "status").output().contains("kafka"));
        assertEquals(0, LocalStack.run(Map.of(), "stack", "status").exitCode());
    }
}
