package io.logpulse.report;

import io.logpulse.config.ConfigException;
import io.logpulse.config.LogPulseConfig;
import io.logpulse.sink.HBaseConnections;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.hbase.client.Connection;

/**
 * {@code bin/logpulse report}: the counter tables as a table, CSV or JSON.
 *
 * <pre>
 * usage: report [--day yyyyMMdd|today] [--format table|csv|json] [--top N] [--config FILE] [--conf key=value ...]
 * </pre>
 *
 * <p>Without {@code --day}, every day in the tables. The table prefix and the day's time zone are the job's
 * settings ({@code logpulse.hbase.table.prefix}, {@code logpulse.day.zone}).
 */
public final class ReportCommand {

    private static final String USAGE = "usage: logpulse report [--day yyyyMMdd|today] [--format table|csv|json]"
            + " [--top N] [--conf key=value ...]";

    private ReportCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * The command without exiting, for a caller in the same JVM (the demo prints the report at its end).
     *
     * @return the exit status: 0, {@link LogPulseConfig#EXIT_BAD_CONFIG} for bad arguments, 1 when HBase failed
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        String day = null;
        String format = "table";
        int top = 10;
        List<String> configArgs = new ArrayList<>();
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--day" -> day = value(args, ++i, "--day");
                    case "--format" -> format = value(args, ++i, "--format");
                    case "--top" -> top = positive(value(args, ++i, "--top"), "--top");
                    default -> configArgs.add(args[i]);
                }
            }
            if (!List.of("table", "csv", "json").contains(format)) {
                throw new IllegalArgumentException("--format takes table, csv or json, not '" + format + "'");
            }
            LogPulseConfig config = LogPulseConfig.fromCommandLine(configArgs);
            if (day != null) {
                day = CounterSnapshot.day(day, config.dayZone(), "--day");
            }
            CounterReport report;
            // Closed here, not at the JVM's exit: the demo runs the report in its own JVM, then stops HBase.
            try (Connection hbase = HBaseConnections.open()) {
                report = CounterReport.of(new CounterTableReader(hbase, config.hbaseTablePrefix()), day,
                        config.dayZone());
            } catch (IOException e) {
                throw new UncheckedIOException(e.getMessage(), e);
            }
            out.print(switch (format) {
                case "csv" -> report.csv();
                case "json" -> report.json();
                default -> (day == null ? "every day" : "day " + day) + ", tables '" + config.hbaseTablePrefix()
                        + "*'\n" + report.table(top);
            });
            out.flush();
            return 0;
        } catch (ConfigException e) {
            err.println(e.describe("logpulse report"));
            return LogPulseConfig.EXIT_BAD_CONFIG;
        } catch (IllegalArgumentException e) {
            err.println("logpulse report: " + e.getMessage() + "\n" + USAGE);
            return LogPulseConfig.EXIT_BAD_CONFIG;
        } catch (RuntimeException e) {
            err.println("logpulse report: " + e.getMessage());
            return 1;
        }
    }

    private static String value(String[] args, int at, String option) {
        if (at >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[at];
    }

    private static int positive(String value, String option) {
        try {
            int n = Integer.parseInt(value);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below, with the option
        }
        throw new IllegalArgumentException(option + " takes a whole number of rows, 1 or more, not '" + value + "'");
    }
}
