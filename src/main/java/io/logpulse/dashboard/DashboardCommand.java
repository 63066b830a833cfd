package io.logpulse.dashboard;

import io.logpulse.config.ConfigException;
import io.logpulse.config.LogPulseConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code bin/logpulse dashboard}: serves the web dashboard until SIGTERM or Ctrl-C.
 *
 * <pre>
 * usage: dashboard [--port N] [--bind ADDR] [--config FILE] [--conf key=value ...]
 * </pre>
 *
 * <p>Prints {@code dashboard: http://HOST:PORT/} once it serves. {@code --port} defaults to 8090 (0: a free port),
 * {@code --bind} to 127.0.0.1. Exit codes: 2 for bad options or configuration, 1 when the port is in use.
 */
public final class DashboardCommand {

    private static final String USAGE = "usage: logpulse dashboard [--port N] [--bind ADDR] [--config FILE]"
            + " [--conf key=value ...]";

    private DashboardCommand() {
    }

    public static void main(String[] args) throws InterruptedException {
        String bind = Dashboard.DEFAULT_BIND;
        int port = Dashboard.DEFAULT_PORT;
        List<String> configArgs = new ArrayList<>();
        Dashboard dashboard;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--port" -> port = port(value(args, ++i, "--port"));
                    case "--bind" -> bind = value(args, ++i, "--bind");
                    default -> configArgs.add(args[i]);
                }
            }
            dashboard = Dashboard.start(LogPulseConfig.fromCommandLine(configArgs), bind, port);
        } catch (ConfigException e) {
            e.exit("logpulse dashboard");
            return;
        } catch (Dashboard.PortInUseException e) {
            System.err.println("logpulse dashboard: " + e.getMessage());
            System.exit(1);
            return;
        } catch (IllegalArgumentException e) {
            System.err.println("logpulse dashboard: " + e.getMessage() + "\n" + USAGE);
            System.exit(LogPulseConfig.EXIT_BAD_CONFIG);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            dashboard.close();
            stopped.countDown();
        }, "dashboard-stop"));
        System.out.println("dashboard: " + dashboard.url());
        System.out.flush();
        // The server's threads are daemons: main waits here until the shutdown hook has closed everything.
        stopped.await();
    }

    private static String value(String[] args, int at, String option) {
        if (at >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[at];
    }

    private static int port(String value) {
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65_535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below, with the option
        }
        throw new IllegalArgumentException("--port takes a port number from 0 (a free one) to 65535, not '" + value
                + "'");
    }
}
