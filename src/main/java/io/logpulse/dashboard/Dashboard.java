package io.logpulse.dashboard;

import com.sun.net.httpserver.HttpServer;
import io.logpulse.config.LogPulseConfig;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The running dashboard: the JDK's HTTP server (no Jetty or Jersey, which clash with Spark's and HBase's on the
 * job's classpath) over {@link DashboardRoutes}, and what feeds it. Closing it stops the server, the topic
 * followers and the HBase connection.
 *
 * <pre>
 * try (Dashboard dashboard = Dashboard.start(config, "127.0.0.1", 0)) {
 *     System.out.println(dashboard.url());
 *     ...
 * }
 * </pre>
 */
public final class Dashboard implements AutoCloseable {

    public static final String DEFAULT_BIND = "127.0.0.1";
    public static final int DEFAULT_PORT = 8090;
    private static final Duration HEARTBEAT = Duration.ofSeconds(15);

    private final HttpServer server;
    private final ExecutorService exchanges;
    private final ExecutorService reads;
    private final List<AutoCloseable> sources;

    private Dashboard(HttpServer server, ExecutorService exchanges, ExecutorService reads,
                      List<AutoCloseable> sources) {
        this.server = server;
        this.exchanges = exchanges;
        this.reads = reads;
        this.sources = sources;
    }

    /**
     * Serves the dashboard of the job that {@code config} describes: its HBase tables, its status and alerts topics.
     * HBase and Kafka need not be up: what is missing is shown on the page until they are.
     *
     * @param port 0 for a free port
     * @throws PortInUseException when something already listens there
     * @throws IllegalArgumentException when {@code bind} is not an address of this machine
     */
    public static Dashboard start(LogPulseConfig config, String bind, int port) {
        Clock clock = Clock.systemUTC();
        DashboardHBase hbase = new DashboardHBase(config.hbaseTablePrefix());
        StatusWindow statuses = new StatusWindow(clock);
        AlertFeed alerts = new AlertFeed();
        List<AutoCloseable> owned = new ArrayList<>(List.of(hbase));
        Dashboard dashboard = serve(bind, port, new DashboardSources(hbase.counters(),
                hbase.alerts(config.dayZone()), statuses, alerts, config.dayZone()), HEARTBEAT, owned);
        // Bound first, so a port in use fails before any consumer starts. Alerts from now on, statuses from the
        // window's start, so the charts are full as soon as the page opens.
        owned.add(new TopicFollower(config.kafkaBootstrapServers(), config.kafkaStatusTopic(), StatusWindow.SPAN,
                statuses::accept, clock).start());
        owned.add(new TopicFollower(config.kafkaBootstrapServers(), config.kafkaAlertsTopic(), Duration.ZERO,
                alerts::publish, clock).start());
        return dashboard;
    }

    /** The server alone over the given sources; {@code owned} is closed with it (and is closed if binding fails). */
    static Dashboard serve(String bind, int port, DashboardSources sources, Duration heartbeat,
                           List<AutoCloseable> owned) {
        HttpServer server;
        try {
            InetSocketAddress address = new InetSocketAddress(bind, port);
            if (address.isUnresolved()) {
                throw new IllegalArgumentException("--bind " + bind + ": not an address of this machine");
            }
            server = HttpServer.create(address, 0);
        } catch (BindException e) {
            closeAll(owned);
            if (String.valueOf(e.getMessage()).contains("in use")) {
                throw new PortInUseException(bind, port);
            }
            throw new IllegalArgumentException("--bind " + bind + ": cannot listen there (" + e.getMessage() + ")");
        } catch (IOException | RuntimeException e) {
            closeAll(owned);
            throw e instanceof RuntimeException r ? r : new IllegalStateException("cannot start the server", e);
        }
        // One thread per exchange: each open event stream holds one for as long as the page is open.
        ExecutorService exchanges = Executors.newCachedThreadPool(daemonThreads("dashboard-http"));
        ExecutorService reads = Executors.newCachedThreadPool(daemonThreads("dashboard-read"));
        server.setExecutor(exchanges);
        server.createContext("/", new DashboardRoutes(sources, new StaticFiles(), reads, heartbeat));
        server.start();
        return new Dashboard(server, exchanges, reads, owned);
    }

    /** {@code http://HOST:PORT/}, with the port actually bound. */
    public String url() {
        InetSocketAddress address = server.getAddress();
        String host = address.getHostString();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort() + "/";
    }

    @Override
    public void close() {
        server.stop(0);
        // Ends the open event streams, which wait on their queues until interrupted.
        exchanges.shutdownNow();
        reads.shutdownNow();
        closeAll(sources);
    }

    private static void closeAll(List<AutoCloseable> owned) {
        for (AutoCloseable source : owned) {
            try {
                source.close();
            } catch (Exception e) {
                System.err.println("dashboard: closing " + source + ": " + e);
            }
        }
    }

    private static ThreadFactory daemonThreads(String name) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Something already listens on the port the dashboard was asked to serve on. */
    public static final class PortInUseException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        PortInUseException(String bind, int port) {
            super("port " + port + " on " + bind + " is in use: stop what listens there (ss -ltnp 'sport = :" + port
                    + "'), or choose another with --port N (0 for a free one)");
        }
    }
}
