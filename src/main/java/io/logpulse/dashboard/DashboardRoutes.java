package io.logpulse.dashboard;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.logpulse.event.JsonString;
import io.logpulse.report.CounterReport;
import io.logpulse.report.CounterSnapshot;
import io.logpulse.status.BatchStatus;
import io.logpulse.status.JsonValue;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The dashboard's HTTP surface, read-only (anything but GET is answered 405):
 *
 * <ul>
 *   <li>{@code /api/report?day=yyyyMMdd[&format=csv]}: what {@code bin/logpulse report --format json|csv --day}
 *       prints (the day defaults to today in the job's zone; header {@code X-Report-Day} says which day it is);</li>
 *   <li>{@code /api/status}: the batch statuses of the last 15 minutes, a JSON array of {@link BatchStatus#toJson()}
 *       (header {@code X-Malformed-Records}: status records that could not be read);</li>
 *   <li>{@code /api/alerts}: Server-Sent Events, one {@code data:} event per alert as it fires, a comment
 *       heartbeat in between;</li>
 *   <li>{@code /api/alerts/history?day=yyyyMMdd}: that day's alerts from HBase, a JSON array;</li>
 *   <li>{@code /} and {@code /static/...}: the page ({@link StaticFiles}).</li>
 * </ul>
 *
 * <p>A read of HBase that fails or takes longer than {@link #READ_DEADLINE} is answered 503 with
 * {@code {"error": "..."}}, so the page can say so and poll again.
 */
final class DashboardRoutes implements HttpHandler {

    static final Duration READ_DEADLINE = Duration.ofSeconds(5);
    private static final String JSON = "application/json; charset=utf-8";

    private final DashboardSources sources;
    private final StaticFiles files;
    private final ExecutorService reads;
    private final Duration heartbeat;

    /**
     * @param reads     runs the HBase reads, so a request can stop waiting for one at the deadline
     * @param heartbeat how often an idle event stream gets a comment, so proxies and the browser keep it open
     */
    DashboardRoutes(DashboardSources sources, StaticFiles files, ExecutorService reads, Duration heartbeat) {
        this.sources = sources;
        this.files = files;
        this.reads = reads;
        this.heartbeat = heartbeat;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            if (!exchange.getRequestMethod().equals("GET")) {
                exchange.getResponseHeaders().set("Allow", "GET");
                send(exchange, 405, JSON, error("the dashboard is read-only: GET only"));
                return;
            }
            Map<String, String> query = query(exchange.getRequestURI());
            String path = exchange.getRequestURI().getPath();
            switch (path) {
                case "/api/report" -> report(exchange, query);
                case "/api/status" -> status(exchange);
                case "/api/alerts" -> alertStream(exchange);
                case "/api/alerts/history" -> alertHistory(exchange, query);
                default -> staticFile(exchange, path);
            }
        } catch (IllegalArgumentException e) {
            send(exchange, 400, JSON, error(e.getMessage()));
        } catch (SourceUnavailable e) {
            send(exchange, 503, JSON, error(e.getMessage()));
        } finally {
            exchange.close();
        }
    }

    private void report(HttpExchange exchange, Map<String, String> query) throws IOException {
        String day = day(query);
        String format = query.getOrDefault("format", "json");
        if (!format.equals("json") && !format.equals("csv")) {
            throw new IllegalArgumentException("format takes json or csv, not '" + format + "'");
        }
        CounterReport report = withDeadline(() -> CounterReport.of(sources.counters(), day, sources.dayZone()));
        exchange.getResponseHeaders().set("X-Report-Day", day);
        if (format.equals("csv")) {
            exchange.getResponseHeaders().set("Content-Disposition",
                    "attachment; filename=\"logpulse-report-" + day + ".csv\"");
            send(exchange, 200, "text/csv; charset=utf-8", report.csv());
        } else {
            send(exchange, 200, JSON, report.json());
        }
    }

    private void status(HttpExchange exchange) throws IOException {
        List<BatchStatus> recent = sources.statuses().recent();
        exchange.getResponseHeaders().set("X-Malformed-Records", String.valueOf(sources.statuses().malformed()));
        send(exchange, 200, JSON, recent.stream().map(BatchStatus::toJson)
                .collect(Collectors.joining(",\n", "[", "]\n")));
    }

    private void alertHistory(HttpExchange exchange, Map<String, String> query) throws IOException {
        String day = day(query);
        List<String> alerts = withDeadline(() -> sources.alertHistory().ofDay(day));
        exchange.getResponseHeaders().set("X-Report-Day", day);
        send(exchange, 200, JSON, alerts.stream().filter(DashboardRoutes::isJsonObject)
                .collect(Collectors.joining(",\n", "[", "]\n")));
    }

    /** Holds the exchange open until the client goes or the server stops (which interrupts this thread). */
    private void alertStream(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        // Bounded: a client that stops reading loses alerts rather than the server its memory.
        BlockingQueue<String> pending = new LinkedBlockingQueue<>(1_000);
        try (AlertFeed.Subscription subscription = sources.alerts().subscribe(pending::offer)) {
            write(out, "retry: 2000\n: connected\n\n");
            while (true) {
                String alert = pending.poll(heartbeat.toMillis(), TimeUnit.MILLISECONDS);
                write(out, alert == null ? ": heartbeat\n\n" : "data: " + alert + "\n\n");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException clientGone) {
            // the page was closed or reloaded: nothing to answer
        }
    }

    private void staticFile(HttpExchange exchange, String path) throws IOException {
        StaticFiles.File file = files.at(path);
        if (file == null) {
            send(exchange, 404, JSON, error("no such page: " + path));
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", file.contentType());
        exchange.sendResponseHeaders(200, file.bytes().length);
        exchange.getResponseBody().write(file.bytes());
    }

    private String day(Map<String, String> query) {
        return CounterSnapshot.day(query.getOrDefault("day", "today"), sources.dayZone(), "day");
    }

    private <T> T withDeadline(Supplier<T> read) {
        Future<T> reading = reads.submit(read::get);
        try {
            return reading.get(READ_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            reading.cancel(true);
            throw new SourceUnavailable("HBase did not answer within " + READ_DEADLINE.toSeconds() + " s: check that"
                    + " it runs (bin/logpulse stack status)");
        } catch (ExecutionException e) {
            throw new SourceUnavailable(String.valueOf(e.getCause().getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SourceUnavailable("interrupted while reading HBase");
        }
    }

    private static boolean isJsonObject(String text) {
        try {
            JsonValue.object(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> query = new HashMap<>();
        String raw = uri.getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int equals = pair.indexOf('=');
                if (equals > 0) {
                    query.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return query;
    }

    private static String error(String message) {
        return "{\"error\": " + JsonString.quote(message) + "}\n";
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** HBase did not answer, or answered with an error: 503, and the page polls again. */
    private static final class SourceUnavailable extends RuntimeException {

        private static final long serialVersionUID = 1L;

        SourceUnavailable(String message) {
            super(message);
        }
    }
}
