package io.logpulse.ops;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class DemoOptionsTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    @Test
    public void noOptionsMeanGeneratedTrafficAtTheDefaultRateUntilCtrlC() {
        DemoOptions options = DemoOptions.parse(List.of(), 5000);
        assertEquals(5000, options.rate());
        assertNull(options.duration());
        assertTrue(options.inputs().isEmpty());
        assertFalse(options.untilDrained());
        assertNull(options.reportJson());
    }

    @Test
    public void inputsAndTheReportFileAreReadAsAbsolutePaths() throws IOException {
        Path log = folder.newFile("access.log").toPath();
        DemoOptions options = DemoOptions.parse(List.of("--input", log.toString(), "--until-drained", "--report-json",
                folder.getRoot() + "/report.json", "--rate", "200"), 5000);
        assertEquals(List.of(log.toAbsolutePath()), options.inputs());
        assertTrue(options.untilDrained());
        assertEquals(folder.getRoot().toPath().resolve("report.json"), options.reportJson());
        assertEquals(200, options.rate());
    }

    @Test
    public void durationsAreSecondsMinutesOrHours() {
        assertEquals(90, DemoOptions.seconds("90"));
        assertEquals(90, DemoOptions.seconds("90s"));
        assertEquals(300, DemoOptions.seconds("5m"));
        assertEquals(3600, DemoOptions.seconds("1h"));
    }

    @Test
    public void aBadDurationIsNamedWithWhatItTakes() {
        UsageException e = assertThrows(UsageException.class,
                () -> DemoOptions.parse(List.of("--duration", "soon"), 5000));
        assertEquals("--duration takes e.g. 90s, 5m or 1h, got 'soon'", e.getMessage());
    }

    @Test
    public void untilDrainedWithoutAnInputIsRefused() {
        UsageException e = assertThrows(UsageException.class,
                () -> DemoOptions.parse(List.of("--until-drained"), 5000));
        assertEquals("--until-drained needs --input: generated traffic never drains", e.getMessage());
    }

    @Test
    public void aMissingInputFileAndAMissingValueAreNamed() {
        assertEquals("--input /nonexistent/access.log: no readable file there", assertThrows(UsageException.class,
                () -> DemoOptions.parse(List.of("--input", "/nonexistent/access.log"), 5000)).getMessage());
        assertEquals("--rate needs lines per second (1 or more)", assertThrows(UsageException.class,
                () -> DemoOptions.parse(List.of("--rate"), 5000)).getMessage());
        assertEquals("--rate needs lines per second (1 or more), got '0'", assertThrows(UsageException.class,
                () -> DemoOptions.parse(List.of("--rate", "0"), 5000)).getMessage());
    }

    @Test
    public void anUnknownOptionIsNamedWithTheUsage() {
        UsageException e = assertThrows(UsageException.class, () -> DemoOptions.parse(List.of("--fast"), 5000));
        assertTrue(e.getMessage(), e.getMessage().startsWith("demo: unknown option --fast (usage: logpulse demo "));
    }
}
