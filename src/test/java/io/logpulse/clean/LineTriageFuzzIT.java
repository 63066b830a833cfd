package io.logpulse.clean;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.Test;

/**
 * Fuzzes the whole per-line path ({@link LineTriageFuzzTarget}) with Jazzer for {@code logpulse.fuzz.seconds}
 * (60 by default), in a child JVM: Jazzer's JUnit integration needs JUnit 5, and libFuzzer exits the process on a
 * finding. Works on a copy of the committed seed corpus in target/fuzz, so the repository is not modified; crash
 * inputs and their Java reproducers land in target/fuzz/crashes. Run by failsafe without the local stack (see
 * pom.xml).
 */
public class LineTriageFuzzIT {

    private static final Path SEEDS = Path.of("src", "test", "fuzz", "line-triage");
    private static final Path DICTIONARY = Path.of("src", "test", "fuzz", "line-triage.dict");
    private static final Path WORK = Path.of("target", "fuzz");
    /** The domain packages: instrumenting Spark, HBase or the shaded Kafka client would only slow the fuzzer. */
    private static final String INSTRUMENTED = "io.logpulse.event.**:io.logpulse.clean.**:io.logpulse.counters.**"
            + ":io.logpulse.rules.**";
    /** Jazzer's own start and a corpus merge on top of the fuzzing time. */
    private static final long SLACK_SECONDS = 60;
    private static final int TAIL_LINES = 60;
    private static final Pattern NOISE = Pattern.compile("#\\d+\\s+(NEW|REDUCE)\\s|INFO: Instrumented ");

    @Test
    public void noInputMakesThePerLinePathThrowOrFallIntoASafetyNet() throws Exception {
        long seconds = Long.getLong("logpulse.fuzz.seconds", 60);
        Path corpus = fresh(WORK.resolve("corpus"));
        Path crashes = fresh(WORK.resolve("crashes"));
        try (Stream<Path> seeds = Files.list(SEEDS)) {
            for (Path seed : seeds.toList()) {
                Files.copy(seed, corpus.resolve(seed.getFileName()));
            }
        }
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-cp", testClassPath(), "com.code_intelligence.jazzer.Jazzer",
                "--target_class=" + LineTriageFuzzTarget.class.getName(),
                "--instrumentation_includes=" + INSTRUMENTED,
                "--reproducer_path=" + crashes,
                "-artifact_prefix=" + crashes + File.separator,
                "-max_total_time=" + seconds,
                // A line that takes seconds would stall its batch: that is a finding too.
                "-timeout=20",
                // Past the parser's 8 KiB line limit.
                "-max_len=10000",
                "-dict=" + DICTIONARY,
                "-print_final_stats=1",
                corpus.toString());
        System.out.println("[fuzz] " + seconds + " s on a copy of " + SEEDS + ": " + String.join(" ", command.subList(4,
                command.size())));
        Process jazzer = new ProcessBuilder(command).redirectErrorStream(true).start();
        Deque<String> tail = new ArrayDeque<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(jazzer.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                // libFuzzer prints a line per new input and Jazzer one per class it instruments; the pulses, start,
                // end and findings are the progress.
                if (!NOISE.matcher(line).lookingAt()) {
                    System.out.println("[fuzz] " + line);
                }
                tail.addLast(line);
                if (tail.size() > TAIL_LINES) {
                    tail.removeFirst();
                }
            }
        }
        boolean ended = jazzer.waitFor(seconds + SLACK_SECONDS, TimeUnit.SECONDS);
        if (!ended) {
            jazzer.destroyForcibly();
        }
        assertTrue("Jazzer did not end within " + (seconds + SLACK_SECONDS) + " s", ended);
        try (Stream<Path> found = Files.list(crashes)) {
            assertEquals("Jazzer found an input the per-line path fails on (input and reproducer in " + crashes
                    + "):\n" + String.join("\n", tail), List.of(), found.map(Path::toString).toList());
        }
        assertEquals("Jazzer failed:\n" + String.join("\n", tail), 0, jazzer.exitValue());
    }

    /** Failsafe puts the test class path in a manifest-only jar; it passes the real one in this property. */
    private static String testClassPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    private static Path fresh(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
        return Files.createDirectories(dir);
    }
}
