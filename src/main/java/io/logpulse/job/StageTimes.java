package io.logpulse.job;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Wall time of the steps of one batch on the driver, in the order they ran: what the status line shows. A step that
 * ran beside the others is booked with its own time, which overlaps theirs.
 */
final class StageTimes {

    private final Map<String, Long> millis = new LinkedHashMap<>();
    private long since = System.nanoTime();

    /** Books the time since the previous mark (or the start) to {@code stage}. */
    void mark(String stage) {
        long now = System.nanoTime();
        millis.merge(stage, (now - since) / 1_000_000, Long::sum);
        since = now;
    }

    /** Books {@code ms} to {@code stage}, a step that ran beside the marked ones. */
    void beside(String stage, long ms) {
        millis.merge(stage, ms, Long::sum);
    }

    /**
     * The stages' milliseconds, then the pass's tasks' own split of their time (summed over the tasks, which run
     * side by side): {@code task-read}, {@code task-triage}, {@code task-archive}, {@code task-fold}.
     */
    Map<String, Long> withTasks(BatchDigest.TaskTimes tasks) {
        Map<String, Long> all = new LinkedHashMap<>(millis);
        all.put("task-read", tasks.readNs() / 1_000_000);
        all.put("task-triage", tasks.triageNs() / 1_000_000);
        all.put("task-archive", tasks.archiveNs() / 1_000_000);
        all.put("task-fold", tasks.foldNs() / 1_000_000);
        return all;
    }
}
