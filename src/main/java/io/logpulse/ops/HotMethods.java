package io.logpulse.ops;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a JVM's CPU went, from the execution samples of a Java Flight Recorder file ({@code jdk.ExecutionSample}:
 * a thread's stack, taken every few milliseconds while it runs Java code): the methods most often on top of a
 * stack (self time), and the project's own methods most often anywhere on one (time in them and in what they call).
 * Only threads running Java code are sampled: time blocked in I/O or native code shows in no table.
 * What {@code bench job --profile} prints after the job's run; the same file opens in JDK Mission Control.
 */
final class HotMethods {

    private static final String PROJECT = "io.logpulse.";
    /** The job jar's relocated libraries (Kafka's client among them): not LogPulse's own code. */
    private static final String SHADED = "io.logpulse.shaded.";

    private final long samples;
    private final Map<String, Long> self;
    private final Map<String, Long> inclusive;
    private final Map<String, Long> threads;

    private HotMethods(long samples, Map<String, Long> self, Map<String, Long> inclusive, Map<String, Long> threads) {
        this.samples = samples;
        this.self = self;
        this.inclusive = inclusive;
        this.threads = threads;
    }

    /** Reads every execution sample of the recording. */
    static HotMethods of(Path recording) throws IOException {
        long samples = 0;
        Map<String, Long> self = new HashMap<>();
        Map<String, Long> inclusive = new HashMap<>();
        Map<String, Long> threads = new HashMap<>();
        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                RecordedEvent event = file.readEvent();
                RecordedStackTrace stack = event.getStackTrace();
                if (!event.getEventType().getName().equals("jdk.ExecutionSample") || stack == null
                        || stack.getFrames().isEmpty()) {
                    continue;
                }
                samples++;
                List<RecordedFrame> frames = stack.getFrames();
                self.merge(name(frames.get(0).getMethod()), 1L, Long::sum);
                // A recursive method counts once per sample.
                Set<String> seen = new HashSet<>();
                for (RecordedFrame frame : frames) {
                    String method = name(frame.getMethod());
                    if (method.startsWith(PROJECT) && !method.startsWith(SHADED) && seen.add(method)) {
                        inclusive.merge(method, 1L, Long::sum);
                    }
                }
                threads.merge(threadGroup(event), 1L, Long::sum);
            }
        }
        return new HotMethods(samples, self, inclusive, threads);
    }

    long samples() {
        return samples;
    }

    /** The share of samples with this method on top of the stack, 0 to 1. */
    double selfShare(String method) {
        return share(self.getOrDefault(method, 0L));
    }

    /** The share of samples with this project method anywhere on the stack, 0 to 1. */
    double inclusiveShare(String method) {
        return share(inclusive.getOrDefault(method, 0L));
    }

    /** Three markdown tables of the {@code top} busiest entries each, after a line saying what they count. */
    String render(int top) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%n%,d execution samples (JFR); a share is of all of them%n",
                samples));
        table(out, "threads", "thread", threads, top);
        table(out, "self: on top of the stack", "method", self, top);
        table(out, "inclusive: LogPulse's methods anywhere on the stack", "method", inclusive, top);
        return out.toString();
    }

    private void table(StringBuilder out, String title, String what, Map<String, Long> counts, int top) {
        out.append(String.format(Locale.ROOT, "%n%s%n%n| %s | samples | share |%n|---|---|---|%n", title, what));
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(top)
                .forEach(entry -> out.append(String.format(Locale.ROOT, "| %s | %,d | %.1f %% |%n", entry.getKey(),
                        entry.getValue(), 100 * share(entry.getValue()))));
    }

    private double share(long count) {
        return samples == 0 ? 0 : (double) count / samples;
    }

    private static String name(RecordedMethod method) {
        return method.getType().getName() + "." + method.getName();
    }

    /** A thread's name without its number: Spark's task threads are one group, whichever slot ran the task. */
    private static String threadGroup(RecordedEvent event) {
        RecordedThread thread = event.getThread("sampledThread");
        String name = thread == null || thread.getJavaName() == null ? "?" : thread.getJavaName();
        return name.replaceAll("[0-9]+", "N");
    }
}
