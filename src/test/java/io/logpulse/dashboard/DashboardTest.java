package io.logpulse.dashboard;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.logpulse.report.CounterReport;
import io.logpulse.report.CounterSnapshot;
import io.logpulse.status.BatchStatus;
import io.logpulse.status.JsonValue;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

public class DashboardTest {

    private static final ZoneId ZONE = ZoneId.of("Europe/Paris");
    private static final String ALERT = "{\"rule\":\"client_burst\",\"key\":\"203.0.113.66\",\"count\":16,"
            + "\"threshold\":15,\"window_seconds\":20,\"window_end_epoch_ms\":1795305601000}";

    private final HttpClient http = HttpClient.newHttpClient();
    private final CounterSnapshot counters = new CounterSnapshot();
    private final StatusWindow statuses = new StatusWindow(Clock.systemUTC());
    private final AlertFeed alerts = new AlertFeed();
    private final List<String> history = new ArrayList<>();
    private volatile RuntimeException hbaseDown;
    private Dashboard dashboard;

    @Before
    public void serve() {
        counters.put("product_clickcount", "20261122_7", "click_count", 5);
        counters.put("product_clickcount", "20261121_7", "click_count", 3);
        counters.put("host_stats", "20261122_www.shop.example", "request_count", 10);
        counters.put("host_stats", "20261122_www.shop.example", "status_4xx", 2);
        counters.put("alerts", "client_burst_203.0.113.66_1795305601000", "count", 16);
        history.add(ALERT);
        DashboardSources sources = new DashboardSources(day -> {
            if (hbaseDown != null) {
                throw hbaseDown;
            }
            return counters;
        }, day -> day.equals("20261122") ? history : List.of(), statuses, alerts, ZONE);
        dashboard = Dashboard.serve("127.0.0.1", 0, sources, Duration.ofMillis(200), List.of());
    }

    @After
    public void close() {
        dashboard.close();
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(dashboard.url() + path.substring(1))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String contentType(HttpResponse<?> response) {
        return response.headers().firstValue("Content-Type").orElse("");
    }

    @Test
    public void theReportOfADayIsExactlyTheJsonOfTheReportCommand() throws Exception {
        HttpResponse<String> response = get("/api/report?day=20261122");
        assertEquals(200, response.statusCode());
        assertEquals("application/json; charset=utf-8", contentType(response));
        assertEquals("{\n"
                + "  \"product_clickcount\": {\n    \"20261122_7\": {\"click_count\": 5}\n  },\n"
                + "  \"product_search_clickcount\": {},\n"
                + "  \"country_success_count\": {},\n"
                + "  \"host_stats\": {\n"
                + "    \"20261122_www.shop.example\": {\"request_count\": 10, \"status_4xx\": 2}\n  },\n"
                + "  \"pipeline_stats\": {}\n"
                + "}\n", response.body());
        assertEquals(CounterReport.of(day -> counters, "20261122", ZONE).json(), response.body());
    }

    @Test
    public void theReportAsCsvIsWhatTheReportCommandPrintsAsCsv() throws Exception {
        HttpResponse<String> response = get("/api/report?day=20261122&format=csv");
        assertEquals(200, response.statusCode());
        assertEquals("text/csv; charset=utf-8", contentType(response));
        assertEquals(CounterReport.of(day -> counters, "20261122", ZONE).csv(), response.body());
        assertTrue(response.body().contains("alerts,client_burst_203.0.113.66_1795305601000,count,16\n"));
    }

    @Test
    public void theReportWithoutADayIsTodaysInTheJobsZoneAndSaysWhichDay() throws Exception {
        HttpResponse<String> response = get("/api/report");
        String today = DateTimeFormatter.BASIC_ISO_DATE.format(LocalDate.now(ZONE));
        assertEquals(today, response.headers().firstValue("X-Report-Day").orElse(""));
        assertEquals(CounterReport.of(day -> counters, today, ZONE).json(), response.body());
    }

    @Test
    public void aDayThatIsNotADayIsABadRequestThatSaysWhy() throws Exception {
        HttpResponse<String> response = get("/api/report?day=yesterday");
        assertEquals(400, response.statusCode());
        assertEquals("day takes yyyyMMdd or today, not 'yesterday'", JsonValue.object(response.body()).get("error"));
        assertEquals(400, get("/api/report?day=20261122&format=xml").statusCode());
    }

    @Test
    public void hbaseUnreachableIsA503WithTheErrorAsJson() throws Exception {
        hbaseDown = new IllegalStateException("cannot reach HBase (connection refused)");
        HttpResponse<String> response = get("/api/report?day=20261122");
        assertEquals(503, response.statusCode());
        assertEquals("cannot reach HBase (connection refused)", JsonValue.object(response.body()).get("error"));
    }

    @Test
    public void statusIsTheWindowsStatusesAsAJsonArray() throws Exception {
        assertEquals("[]\n", get("/api/status").body());
        long now = System.currentTimeMillis();
        BatchStatus first = StatusWindowTest.status(now - 4_000, 10);
        BatchStatus second = StatusWindowTest.status(now - 2_000, 20);
        statuses.add(first);
        statuses.add(second);
        statuses.accept("{broken");
        HttpResponse<String> response = get("/api/status");
        assertEquals("application/json; charset=utf-8", contentType(response));
        assertEquals("[" + first.toJson() + ",\n" + second.toJson() + "]\n", response.body());
        assertEquals("1", response.headers().firstValue("X-Malformed-Records").orElse(""));
    }

    @Test
    public void theAlertHistoryIsTheDaysAlertsAsAJsonArray() throws Exception {
        assertEquals("[" + ALERT + "]\n", get("/api/alerts/history?day=20261122").body());
        assertEquals("[]\n", get("/api/alerts/history?day=20261121").body());
    }

    @Test
    public void postAndOtherMethodsAreRefusedWith405() throws Exception {
        for (String method : List.of("POST", "PUT", "DELETE")) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(dashboard.url()
                    + "api/report")).method(method, HttpRequest.BodyPublishers.ofString("{}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(method, 405, response.statusCode());
            assertEquals("GET", response.headers().firstValue("Allow").orElse(""));
        }
    }

    @Test
    public void theAlertStreamDeliversAnAlertPushedToTheFeed() throws Exception {
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(URI.create(dashboard.url()
                + "api/alerts")).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals("text/event-stream; charset=utf-8", contentType(response));
        try (BufferedReader events = new BufferedReader(new InputStreamReader(response.body(),
                StandardCharsets.UTF_8))) {
            // Subscribed once the stream says so; an alert before that is not this stream's.
            assertEquals("retry: 2000", events.readLine());
            assertEquals(": connected", events.readLine());
            alerts.publish("not an alert");
            alerts.publish(ALERT);
            CompletableFuture<String> data = CompletableFuture.supplyAsync(() -> {
                try {
                    for (String line = events.readLine(); line != null; line = events.readLine()) {
                        if (line.startsWith("data: ")) {
                            return line.substring("data: ".length());
                        }
                    }
                    return null;
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertEquals(ALERT, data.get(5, TimeUnit.SECONDS));
        }
    }

    @Test
    public void anIdleAlertStreamGetsHeartbeatComments() throws Exception {
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(URI.create(dashboard.url()
                + "api/alerts")).build(), HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader events = new BufferedReader(new InputStreamReader(response.body(),
                StandardCharsets.UTF_8))) {
            CompletableFuture<String> heartbeat = CompletableFuture.supplyAsync(() -> {
                try {
                    for (String line = events.readLine(); line != null; line = events.readLine()) {
                        if (line.equals(": heartbeat")) {
                            return line;
                        }
                    }
                    return null;
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertEquals(": heartbeat", heartbeat.get(5, TimeUnit.SECONDS));
        }
    }

    @Test
    public void thePageAndItsAssetsAndUPlotAreServedWithTheirContentTypes() throws Exception {
        Map<String, String> types = Map.of(
                "/", "text/html; charset=utf-8",
                "/static/dashboard.js", "text/javascript; charset=utf-8",
                "/static/dashboard.css", "text/css; charset=utf-8",
                "/static/uPlot.iife.min.js", "text/javascript; charset=utf-8",
                "/static/uPlot.min.css", "text/css; charset=utf-8");
        for (Map.Entry<String, String> type : types.entrySet()) {
            HttpResponse<String> response = get(type.getKey());
            assertEquals(type.getKey(), 200, response.statusCode());
            assertEquals(type.getKey(), type.getValue(), contentType(response));
        }
        assertTrue(get("/").body().contains("id=\"health-chart\""));
        assertTrue(get("/static/uPlot.iife.min.js").body().contains("uPlot"));
        assertEquals(404, get("/static/../pom.xml").statusCode());
        assertEquals(404, get("/nothing-here").statusCode());
    }

    @Test
    public void aPortInUseFailsWithAMessageNamingThePortAndWhatToDo() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            DashboardSources none = new DashboardSources(day -> new CounterSnapshot(), day -> List.of(), statuses,
                    alerts, ZONE);
            try {
                Dashboard.serve("127.0.0.1", port, none, Duration.ofSeconds(1), List.of()).close();
                fail("served on a port in use");
            } catch (Dashboard.PortInUseException e) {
                assertTrue(e.getMessage(), e.getMessage().startsWith("port " + port + " on 127.0.0.1 is in use"));
                assertTrue(e.getMessage(), e.getMessage().contains("--port"));
            }
        }
    }

    @Test
    public void theUrlNamesTheBoundPort() {
        assertTrue(dashboard.url(), dashboard.url().matches("http://127\\.0\\.0\\.1:[1-9][0-9]*/"));
    }
}
