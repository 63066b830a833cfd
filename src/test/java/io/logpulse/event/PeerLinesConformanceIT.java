package io.logpulse.event;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.Test;

/**
 * The peer-lines conformance score through the real command: {@code bin/logpulse parse} as a process, fed the
 * lines on stdin, read back as JSON. Needs the packaged jar and no stack, so it runs in {@code mvn verify}
 * (its own failsafe execution) in a few seconds.
 */
public class PeerLinesConformanceIT {

    private static final long PARSE_TIMEOUT_SECONDS = 120;

    @Test
    public void binLogpulseParseReadsPeerLinesAsPeersExpect() {
        PeerLines.Score score = PeerLines.score(PeerLines.load(), PeerLinesConformanceIT::parse);
        System.out.print(score.table());
        score.check();
    }

    private static List<String> parse(String format, List<String> lines) {
        try {
            Path errors = Files.createTempFile("logpulse-parse", ".err");
            Process process = new ProcessBuilder("bin/logpulse", "parse", "--format", format)
                    .redirectError(errors.toFile())
                    .start();
            // A writer of its own, so a full stdout pipe cannot stall the input.
            Thread feeder = new Thread(() -> {
                try (OutputStream in = process.getOutputStream()) {
                    for (String line : lines) {
                        in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            feeder.start();
            List<String> outputs = new ArrayList<>();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    outputs.add(line);
                }
            }
            boolean exited = process.waitFor(PARSE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            feeder.join();
            String stderr = Files.readString(errors);
            Files.delete(errors);
            assertTrue("bin/logpulse parse did not exit within " + PARSE_TIMEOUT_SECONDS + " s", exited);
            assertEquals("bin/logpulse parse --format " + format + " failed: " + stderr, 0, process.exitValue());
            assertTrue("no summary on stderr: " + stderr, stderr.contains(lines.size() + " lines"));
            assertEquals("one output line per input line", lines.size(), outputs.size());
            return outputs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
