package io.logpulse.ops;

import static org.junit.Assert.assertEquals;

import io.logpulse.event.AccessLogParser;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

public class ClientsPerWindowTest {

    private static final Duration WINDOW = Duration.ofSeconds(20);
    private static final AccessLogParser PARSER = new AccessLogParser();

    private static String line(String client, int second) {
        return String.format("%s - - [04/Dec/2026:10:00:%02d +0000] \"GET /p HTTP/1.1\" 200 12 \"-\" \"curl/8\"",
                client, second);
    }

    @Test
    public void theBusiestWindowCountsEachClientOnce() {
        List<String> lines = new ArrayList<>();
        // 10:00:00-19: three clients, one of them five times; 10:00:20-39: two.
        for (int i = 0; i < 5; i++) {
            lines.add(line("192.0.2.1", i));
        }
        lines.add(line("192.0.2.2", 7));
        lines.add(line("2001:db8::3", 19));
        lines.add(line("192.0.2.1", 20));
        lines.add(line("192.0.2.4", 39));

        assertEquals(3, ClientsPerWindow.busiest(lines.stream(), PARSER, WINDOW));
    }

    @Test
    public void linesTheParserRefusesAreLeftOut() {
        List<String> lines = List.of(line("192.0.2.1", 1), "not a log line at all", "", line("192.0.2.1", 2));

        assertEquals(1, ClientsPerWindow.busiest(lines.stream(), PARSER, WINDOW));
    }

    @Test
    public void noLinesHoldNoClients() {
        assertEquals(0, ClientsPerWindow.busiest(List.<String>of().stream(), PARSER, WINDOW));
    }

    @Test(expected = IllegalArgumentException.class)
    public void aWindowOfNoTimeIsRefused() {
        ClientsPerWindow.busiest(List.<String>of().stream(), PARSER, Duration.ZERO);
    }
}
