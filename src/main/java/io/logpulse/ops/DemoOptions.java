package io.logpulse.ops;

import io.logpulse.dashboard.Dashboard;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo's command line.
 *
 * @param duration     how long to generate traffic, as given ({@code 90s}, {@code 5m}, {@code 1h}, {@code 90});
 *                     null: until Ctrl-C
 * @param rate         generated lines per second
 * @param inputs       access logs to feed instead of generated traffic, absolute
 * @param untilDrained end once every line of the inputs is counted
 * @param reportJson   where to write the JSON report too, absolute; null: nowhere
 * @param dashboardPort the dashboard's port on 127.0.0.1; 0: any free one
 */
record DemoOptions(String duration, int rate, List<Path> inputs, boolean untilDrained, Path reportJson,
                   int dashboardPort) {

    static final String USAGE = "logpulse demo [--duration D] [--rate LINES_PER_S] [--input FILE]... [--until-drained]"
            + " [--report-json FILE] [--dashboard-port N]";

    /** The options of {@code args}; {@code defaultRate} is the rate without {@code --rate}. */
    static DemoOptions parse(List<String> args, int defaultRate) {
        String duration = null;
        int rate = defaultRate;
        List<Path> inputs = new ArrayList<>();
        boolean untilDrained = false;
        Path reportJson = null;
        int dashboardPort = Dashboard.DEFAULT_PORT;
        OptionReader options = new OptionReader(args);
        while (options.hasNext()) {
            String option = options.next();
            switch (option) {
                case "--duration" -> duration = options.value(option, "needs a value such as 90s or 5m");
                case "--rate" -> {
                    String value = options.value(option, "needs lines per second (1 or more)");
                    if (!value.matches("[1-9][0-9]{0,8}")) {
                        throw new UsageException("--rate needs lines per second (1 or more), got '" + value + "'");
                    }
                    rate = Integer.parseInt(value);
                }
                case "--input" -> {
                    Path input = Path.of(options.value(option, "needs an access log file")).toAbsolutePath();
                    if (!Files.isRegularFile(input) || !Files.isReadable(input)) {
                        throw new UsageException("--input " + input + ": no readable file there");
                    }
                    inputs.add(input);
                }
                case "--until-drained" -> untilDrained = true;
                case "--report-json" -> {
                    reportJson = Path.of(options.value(option, "needs a file to write")).toAbsolutePath();
                    if (!Files.isDirectory(reportJson.getParent())) {
                        throw new UsageException("--report-json " + reportJson + ": its directory does not exist");
                    }
                }
                case "--dashboard-port" -> {
                    String value = options.value(option, "needs a port (0: any free one)");
                    if (!value.matches("[0-9]{1,5}") || Integer.parseInt(value) > 65_535) {
                        throw new UsageException("--dashboard-port needs a port from 0 to 65535, got '" + value + "'");
                    }
                    dashboardPort = Integer.parseInt(value);
                }
                default -> throw new UsageException("demo: unknown option " + option + " (usage: " + USAGE + ")");
            }
        }
        if (duration != null) {
            seconds(duration);
        }
        if (untilDrained && inputs.isEmpty()) {
            throw new UsageException("--until-drained needs --input: generated traffic never drains");
        }
        return new DemoOptions(duration, rate, List.copyOf(inputs), untilDrained, reportJson, dashboardPort);
    }

    /** {@code 90s}, {@code 5m}, {@code 1h} or {@code 90} (seconds) in seconds. */
    static long seconds(String duration) {
        if (!duration.matches("[0-9]{1,9}[smh]?")) {
            throw new UsageException("--duration takes e.g. 90s, 5m or 1h, got '" + duration + "'");
        }
        char unit = duration.charAt(duration.length() - 1);
        long n = Long.parseLong(Character.isDigit(unit) ? duration : duration.substring(0, duration.length() - 1));
        return switch (unit) {
            case 'm' -> n * 60;
            case 'h' -> n * 3600;
            default -> n;
        };
    }
}
