package io.logpulse.it;

import io.logpulse.clean.CleanEvent;
import io.logpulse.clean.LineTriage;
import io.logpulse.clean.TriagedLine;
import io.logpulse.config.LogPulseConfig;
import io.logpulse.job.PipelineGraph;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Access-log lines (nginx combined with request time and host) for alert tests: a background of a few clients and
 * hosts, and now and then a burst of one client or a storm of 4xx on one host, in request-time order at whole
 * seconds, as nginx writes them.
 */
public final class BurstyLog {

    private static final DateTimeFormatter NGINX_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);

    private BurstyLog() {
    }

    /** About one line a second from {@code from} for {@code seconds} seconds, the same for the same seed. */
    public static List<String> lines(long seed, Instant from, int seconds) {
        Random random = new Random(seed);
        List<String> lines = new ArrayList<>();
        for (int second = 0; second < seconds; second++) {
            Instant time = from.plusSeconds(second);
            int scenario = random.nextInt(40);
            int count = scenario == 0 || scenario == 1 ? 3 + random.nextInt(4) : random.nextInt(3);
            for (int i = 0; i < count; i++) {
                String client = scenario == 0 ? "203.0.113.66" : "10.0.0." + random.nextInt(12);
                String host = scenario == 1 ? "api.shop.example" : "www" + random.nextInt(3) + ".shop.example";
                int status = scenario == 1 || random.nextInt(6) == 0 ? 404 : 200;
                lines.add(line(client, time, status, host));
            }
        }
        return lines;
    }

    /** The job's own reading of the lines (parse, clean, triage against a batch at their first second). */
    public static List<CleanEvent> events(List<String> lines) {
        LineTriage triage = PipelineGraph.lineTriage(LogPulseConfig.defaults());
        List<CleanEvent> events = new ArrayList<>();
        for (String line : lines) {
            TriagedLine triaged = triage.triage(line, Recount.parse(line).time());
            if (!triaged.counted()) {
                throw new IllegalStateException("the job does not count " + line + ": " + triaged);
            }
            events.add(triaged.event());
        }
        return events;
    }

    static String line(String client, Instant time, int status, String host) {
        return client + " - - [" + NGINX_TIME.format(time) + "] \"GET /product/1.html HTTP/1.1\" " + status
                + " 512 \"-\" \"curl/8.5\" 0.012 " + host;
    }
}
