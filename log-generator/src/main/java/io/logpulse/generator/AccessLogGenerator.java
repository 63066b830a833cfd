package io.logpulse.generator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.builder.api.AppenderComponentBuilder;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilder;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilderFactory;
import org.apache.logging.log4j.core.config.builder.impl.BuiltConfiguration;

/**
 * Generates web-server access logs, written through log4j 2 as a server would write them.
 *
 * <pre>
 * usage: logpulse generate (--dir DIR | --flume HOST:PORT) [--count N [--time-rate T] | --rate R [--duration D]]
 *                          [--format combined-ext|combined|tsv|json] [--seed S]
 *                          [--scenarios [--storm-errors N]] [--clients N | --unique-clients] [--max-file-mb M]
 * </pre>
 *
 * <p>{@code --count N} appends N lines and exits (for cron); {@code --rate R} writes R lines per second until
 * {@code --duration} (30s, 5m, 1h; default: until killed). To a directory, files are rolled by size and never
 * renamed ({@code access-<time>-<n>.log}), so a tailer reads each line once. With {@code --flume} every line is
 * sent through log4j 2's Flume appender to a Flume avro source instead. Requests come from a population of
 * {@code --clients} clients (default 20,000); {@code --unique-clients} gives nearly every request a fresh one.
 *
 * <p>A line's request time is the clock's when it is written. With {@code --count N --time-rate T} the request
 * times instead advance by T lines per second and end about now: the backlog a fleet writing T lines/s leaves
 * after N / T seconds. Written as fast as the disk takes them, N lines would otherwise all fall within a few
 * seconds of request time, and the per-client windows of the alert rules would see bursts no real traffic has.
 */
public final class AccessLogGenerator {
    private static final int EXIT_USAGE = 2;

    public static void main(String[] args) throws Exception {
        GeneratorOptions options;
        try {
            options = GeneratorOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("logpulse generate: " + e.getMessage());
            System.exit(EXIT_USAGE);
            return;
        }
        LoggerContext context = Configurator.initialize(logConfiguration(options));
        Logger access = LogManager.getLogger("access");
        TrafficModel traffic = new TrafficModel(options.seed(), options.scenarios(), options.stormErrors(),
                options.clients());
        long written = 0;
        long started = System.nanoTime();
        long nextReport = started + 1_000_000_000L;
        long reportedLines = 0;
        long deadline = options.duration() == null ? Long.MAX_VALUE : started + options.duration().toNanos();
        RequestClock clock = options.timeRate() > 0
                ? RequestClock.backlog(Instant.now(), options.count(), options.timeRate()) : RequestClock.WALL;
        while (written < options.count() && System.nanoTime() < deadline) {
            access.info(options.format().format(traffic.next(clock.timeOf(written))));
            written++;
            if (options.rate() > 0) {
                long due = started + (long) (written * 1e9 / options.rate());
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
            long t = System.nanoTime();
            if (t >= nextReport) {
                System.err.printf(Locale.ROOT, "generated %,d lines (%,d lines/s)%n", written,
                        (written - reportedLines) * 1_000_000_000L / (t - nextReport + 1_000_000_000L));
                reportedLines = written;
                nextReport = t + 1_000_000_000L;
            }
        }
        // Flushes the file buffers or the Flume appender's last batch before the process exits.
        context.stop();
        double seconds = (System.nanoTime() - started) / 1e9;
        System.err.printf(Locale.ROOT, "generated %,d lines in %.1f s (%,.0f lines/s)%n", written, seconds,
                written / seconds);
        System.out.println(written);
    }

    private static BuiltConfiguration logConfiguration(GeneratorOptions options) throws Exception {
        ConfigurationBuilder<BuiltConfiguration> b = ConfigurationBuilderFactory.newConfigurationBuilder();
        b.setStatusLevel(Level.WARN);
        b.setConfigurationName("logpulse-generator");
        b.add(b.newAppender("stderr", "Console").addAttribute("target", "SYSTEM_ERR")
                .add(b.newLayout("PatternLayout").addAttribute("pattern", "%d %p %c: %m%n")));
        AppenderComponentBuilder appender;
        if (options.flume() != null) {
            String[] hostPort = options.flume().split(":");
            appender = b.newAppender("access", "Flume").addAttribute("type", "Avro")
                    .addAttribute("batchSize", 200).addAttribute("compress", false)
                    .addComponent(b.newComponent("Agent").addAttribute("host", hostPort[0]).addAttribute("port", hostPort[1]))
                    .add(b.newLayout("PatternLayout").addAttribute("pattern", "%m"));
        } else {
            Path dir = options.dir().toAbsolutePath();
            Files.createDirectories(dir);
            boolean paced = options.rate() > 0;
            appender = b.newAppender("access", "RollingFile")
                    .addAttribute("filePattern", dir + "/access-%d{yyyyMMdd-HHmmss}-%i.log")
                    // Paced output must reach the tailer line by line; bulk output is flushed in large blocks.
                    .addAttribute("immediateFlush", paced).addAttribute("bufferedIO", !paced)
                    .addAttribute("bufferSize", 256 * 1024)
                    .add(b.newLayout("PatternLayout").addAttribute("pattern", "%m%n"))
                    .addComponent(b.newComponent("Policies").addComponent(b.newComponent("SizeBasedTriggeringPolicy")
                            .addAttribute("size", options.maxFileMb() + " MB")))
                    // Rolled files are never deleted here: the tailer may not have read them yet.
                    .addComponent(b.newComponent("DirectWriteRolloverStrategy").addAttribute("maxFiles", Integer.MAX_VALUE));
        }
        b.add(appender);
        b.add(b.newLogger("access", Level.INFO).add(b.newAppenderRef("access")).addAttribute("additivity", false));
        b.add(b.newRootLogger(Level.WARN).add(b.newAppenderRef("stderr")));
        return b.build();
    }

    /**
     * Command-line options; every bad value names its option. {@code clients} is the population's size, or
     * {@link TrafficModel#UNIQUE_CLIENTS} with {@code --unique-clients}.
     */
    record GeneratorOptions(Path dir, String flume, long count, double rate, Duration duration, LineFormat format,
                            long seed, boolean scenarios, int stormErrors, int clients, int maxFileMb,
                            long timeRate) {
        static GeneratorOptions parse(String[] args) {
            Path dir = null;
            String flume = null;
            long count = Long.MAX_VALUE;
            double rate = 0;
            Duration duration = null;
            LineFormat format = LineFormat.COMBINED_EXT;
            long seed = 42;
            boolean scenarios = false;
            int stormErrors = TrafficModel.STORM_ERRORS;
            Integer clients = null;
            boolean uniqueClients = false;
            int maxFileMb = 64;
            long timeRate = 0;
            for (int i = 0; i < args.length; i++) {
                String option = args[i];
                if (option.equals("--scenarios")) {
                    scenarios = true;
                    continue;
                }
                if (option.equals("--unique-clients")) {
                    uniqueClients = true;
                    continue;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(option + " needs a value (see --help)");
                }
                String value = args[++i];
                switch (option) {
                    case "--dir" -> dir = Path.of(value);
                    case "--flume" -> {
                        if (!value.matches("[^:]+:\\d{1,5}")) {
                            throw new IllegalArgumentException("--flume takes HOST:PORT, got '" + value + "'");
                        }
                        flume = value;
                    }
                    case "--count" -> count = positiveLong(option, value);
                    case "--rate" -> rate = positiveLong(option, value);
                    case "--time-rate" -> timeRate = positiveLong(option, value);
                    case "--duration" -> duration = duration(value);
                    case "--format" -> {
                        try {
                            format = LineFormat.parse(value);
                        } catch (IllegalArgumentException e) {
                            throw new IllegalArgumentException("--format takes combined-ext, combined, tsv or json, got '"
                                    + value + "'");
                        }
                    }
                    case "--seed" -> seed = positiveLong(option, value);
                    case "--max-file-mb" -> maxFileMb = (int) positiveLong(option, value);
                    case "--storm-errors" -> {
                        // A storm longer than the gap to the next burst would swallow that burst.
                        stormErrors = (int) positiveLong(option, value);
                        if (stormErrors > TrafficModel.MAX_STORM_ERRORS) {
                            throw new IllegalArgumentException("--storm-errors takes at most " + TrafficModel.MAX_STORM_ERRORS
                                    + ", got " + value);
                        }
                    }
                    case "--clients" -> {
                        long n = positiveLong(option, value);
                        if (n > TrafficModel.MAX_CLIENTS) {
                            throw new IllegalArgumentException("--clients takes at most " + TrafficModel.MAX_CLIENTS + ", got "
                                    + value);
                        }
                        clients = (int) n;
                    }
                    default -> throw new IllegalArgumentException("unknown option " + option);
                }
            }
            if ((dir == null) == (flume == null)) {
                throw new IllegalArgumentException("give exactly one of --dir DIR or --flume HOST:PORT");
            }
            if (count == Long.MAX_VALUE && rate == 0) {
                throw new IllegalArgumentException("give --count N, or --rate R (with an optional --duration)");
            }
            if (timeRate > 0 && (count == Long.MAX_VALUE || rate > 0)) {
                throw new IllegalArgumentException("--time-rate goes with --count N (a backlog of N lines), not with"
                        + " --rate: paced lines carry the clock's time");
            }
            if (uniqueClients && clients != null) {
                throw new IllegalArgumentException("give --clients N or --unique-clients, not both");
            }
            return new GeneratorOptions(dir, flume, count, rate, duration, format, seed, scenarios, stormErrors,
                    uniqueClients ? TrafficModel.UNIQUE_CLIENTS : clients == null ? TrafficModel.DEFAULT_CLIENTS : clients,
                    maxFileMb, timeRate);
        }

        private static long positiveLong(String option, String value) {
            try {
                long v = Long.parseLong(value);
                if (v > 0) {
                    return v;
                }
            } catch (NumberFormatException ignored) {
                // reported below with the option's name
            }
            throw new IllegalArgumentException(option + " takes a positive whole number, got '" + value + "'");
        }

        private static Duration duration(String value) {
            if (!value.matches("\\d+[smh]?")) {
                throw new IllegalArgumentException("--duration takes e.g. 90, 30s, 5m or 1h, got '" + value + "'");
            }
            char unit = value.charAt(value.length() - 1);
            long n = Long.parseLong(Character.isDigit(unit) ? value : value.substring(0, value.length() - 1));
            return switch (unit) {
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> Duration.ofSeconds(n);
            };
        }
    }

    private AccessLogGenerator() {}
}
