package io.logpulse.ops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The stack's Kafka tools ({@code stack/kafka}: {@code KafkaProbe}, {@code TopicLoader}, {@code TopicDrain},
 * {@code TopicGrowthMeter}) as JVMs of their own, on that module's classpath: they use Kafka's own client, which
 * the job's jar carries relocated.
 */
final class KafkaTools {

    private static final Pattern RATE = Pattern.compile(": ([0-9,]+) records/s");

    private final Path home;

    KafkaTools(Path home) {
        this.home = home;
    }

    /** {@code java -Xmx<heap> <main> args...} on the Kafka module's classpath, not started. */
    ProcessBuilder command(String heap, String main, String... args) {
        String classpath;
        try {
            classpath = home.resolve("stack/kafka/target/classes") + ":"
                    + Files.readString(home.resolve("stack/kafka/target/classpath.txt")).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("the stack is not built (bin/logpulse stack start builds it)", e);
        }
        List<String> command = new ArrayList<>(List.of(java(), "-Xmx" + heap, "-cp", classpath,
                "-Dlog4j.configuration=file:" + home.resolve("stack/conf/log4j-quiet.properties"), main));
        command.addAll(List.of(args));
        return new ProcessBuilder(command);
    }

    /** Runs a tool and returns its stdout; its stderr shows on this terminal. A failure names the tool. */
    String output(String heap, String main, String... args) throws InterruptedException {
        Process process = Launcher.start(command(heap, main, args).redirectError(ProcessBuilder.Redirect.INHERIT));
        try {
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (process.waitFor() != 0) {
                throw new IllegalStateException(main + " failed (exit " + process.exitValue() + "): " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The records per second a tool's line ends with ({@code ...: 123,456 records/s}); -1 when it has none. */
    static long rateOf(String line) {
        Matcher m = RATE.matcher(line == null ? "" : line);
        return m.find() ? Long.parseLong(m.group(1).replace(",", "")) : -1;
    }

    /** This JVM's java, for the tools' JVMs. */
    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** {@code N cores, <cpu model>, N GiB RAM}: the machine line under each bench's table. */
    static String machine() {
        String model = "unknown cpu";
        long memKb = 0;
        try {
            model = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElse(model);
            memKb = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                    .map(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).findFirst().orElse(0L);
        } catch (IOException e) {
            // not Linux: the line says what it could not read
        }
        return String.format(Locale.ROOT, "%d cores, %s, %.0f GiB RAM", Runtime.getRuntime().availableProcessors(),
                model, memKb / 1048576.0);
    }
}
