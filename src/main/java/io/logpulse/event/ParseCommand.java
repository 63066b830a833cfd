package io.logpulse.event;

import io.logpulse.config.ConfigException;
import io.logpulse.config.ConfigKey;
import io.logpulse.config.LogPulseConfig;
import java.io.BufferedInputStream;
import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code bin/logpulse parse}: how LogPulse reads each line of a log, one JSON object per line on stdout (the
 * event's fields, or {@code {"reject": reason}}), then a summary on stderr.
 *
 * <pre>
 * usage: parse [--format F] [--client-ip remote-addr|x-forwarded-for] [--config FILE] [--conf key=value ...] [FILE...]
 * </pre>
 *
 * <p>Reads stdin when no file is named. Without {@code --format} / {@code --client-ip}, the job's settings
 * ({@code logpulse.log.format}, {@code logpulse.client.ip}, {@code logpulse.log.zone}) apply.
 */
public final class ParseCommand {

    private static final String USAGE = "usage: logpulse parse [--format auto|combined|common|json|tsv|'FORMAT STRING']"
            + " [--client-ip remote-addr|x-forwarded-for] [--conf key=value ...] [FILE...]";

    private ParseCommand() {
    }

    public static void main(String[] args) {
        String format = null;
        String clientIp = null;
        List<String> configArgs = new ArrayList<>();
        List<String> files = new ArrayList<>();
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--format" -> format = value(args, ++i, "--format");
                    case "--client-ip" -> clientIp = value(args, ++i, "--client-ip");
                    case "-h", "--help" -> {
                        System.out.println(USAGE);
                        System.exit(0);
                    }
                    case "--config", "--conf" -> {
                        configArgs.add(args[i]);
                        configArgs.add(value(args, ++i, args[i - 1]));
                    }
                    default -> files.add(args[i]);
                }
            }
            LogPulseConfig config = LogPulseConfig.fromCommandLine(configArgs);
            AccessLogParser parser = parser(config, format, clientIp);
            Map<String, Long> rejects = new TreeMap<>();
            long[] lines = {0, 0};
            Writer out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
            for (String file : files.isEmpty() ? List.of("-") : files) {
                try (InputStream in = file.equals("-") ? System.in : Files.newInputStream(Path.of(file))) {
                    eachLine(in, bytes -> {
                        ParseResult result = parser.parse(bytes);
                        lines[0]++;
                        if (result.isValid()) {
                            lines[1]++;
                        } else {
                            rejects.merge(result.reject().reason(), 1L, Long::sum);
                        }
                        out.write(json(result));
                        out.write('\n');
                    });
                }
            }
            out.flush();
            System.err.println("logpulse parse: " + lines[0] + " lines, " + lines[1] + " parsed, "
                    + (lines[0] - lines[1]) + " rejected" + (rejects.isEmpty() ? "" : " " + rejects));
            System.exit(0);
        } catch (ConfigException e) {
            e.exit("logpulse parse");
        } catch (IllegalArgumentException e) {
            System.err.println("logpulse parse: " + e.getMessage() + "\n" + USAGE);
            System.exit(LogPulseConfig.EXIT_BAD_CONFIG);
        } catch (NoSuchFileException e) {
            System.err.println("logpulse parse: no such file: " + e.getFile());
            System.exit(1);
        } catch (IOException e) {
            System.err.println("logpulse parse: " + e);
            System.exit(1);
        }
    }

    private static AccessLogParser parser(LogPulseConfig config, String format, String clientIp) {
        ClientIpSource clients;
        try {
            clients = clientIp == null ? config.clientIpSource() : ClientIpSource.of(clientIp);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--client-ip: " + e.getMessage(), e);
        }
        try {
            return new AccessLogParser(config.logZone(), format == null ? config.get(ConfigKey.LOG_FORMAT) : format, clients);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--format '" + format + "': " + e.getMessage(), e);
        }
    }

    /** The fields {@code parse} prints, absent ones as null; or the reject's reason. */
    static String json(ParseResult result) {
        if (!result.isValid()) {
            return "{\"reject\": " + JsonString.quote(result.reject().reason()) + "}";
        }
        AccessEvent e = result.event();
        return "{\"time\": " + JsonString.quote(e.time().toString())
                + ", \"client_ip\": " + text(e.clientIp())
                + ", \"method\": " + text(e.method())
                + ", \"path\": " + text(e.path())
                + ", \"query\": " + text(e.query())
                + ", \"protocol\": " + text(e.protocol())
                + ", \"status\": " + (e.hasStatus() ? Integer.toString(e.status()) : "null")
                + ", \"bytes\": " + (e.bytes() == AccessEvent.UNKNOWN_BYTES ? "null" : Long.toString(e.bytes()))
                + ", \"referer\": " + text(e.referer())
                + ", \"user_agent\": " + text(e.userAgent())
                + ", \"host\": " + text(e.host())
                + ", \"request_time_ms\": " + (e.hasRequestTime() ? Long.toString(e.requestTimeMs()) : "null")
                + ", \"server\": " + text(e.server()) + "}";
    }

    private static String text(String value) {
        return value == null ? "null" : JsonString.quote(value);
    }

    private interface LineSink {
        void accept(byte[] line) throws IOException;
    }

    /**
     * Splits on '\n' as bytes, so the parser sees invalid UTF-8 as it is. A line is kept only up to one byte
     * past the parser's limit: that is enough for it to refuse the line, however long it really is.
     */
    private static void eachLine(InputStream in, LineSink sink) throws IOException {
        InputStream buffered = new BufferedInputStream(in, 1 << 16);
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        boolean pending = false;
        for (int b = buffered.read(); b >= 0; b = buffered.read()) {
            if (b == '\n') {
                sink.accept(line.toByteArray());
                line.reset();
                pending = false;
            } else {
                pending = true;
                if (line.size() <= AccessLogParser.MAX_LINE_BYTES) {
                    line.write(b);
                }
            }
        }
        if (pending) {
            sink.accept(line.toByteArray());
        }
    }

    private static String value(String[] args, int at, String option) {
        if (at >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[at];
    }
}
