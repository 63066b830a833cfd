package io.logpulse.job;

import java.util.LinkedHashMap;
import java.util.Map;

/** Wall time of the steps of one batch on the driver, in the order they ran: what the status line shows. */
final class StageTimes {

    private final Map<String, Long> millis = new LinkedHashMap<>();
    private long since = System.nanoTime();

    /** Books the time since the previous mark (or the start) to {@code stage}. */
    void mark(String stage) {
        long now = System.nanoTime();
        millis.merge(stage, (now - since) / 1_000_000, Long::sum);
        since = now;
    }

    /**
     * {@code stage=ms stage=ms ...}, then the pass's tasks' own split of their time (summed over the tasks, which
     * run side by side): {@code task-read}, {@code task-triage}, {@code task-archive}, {@code task-fold}.
     */
    String format(BatchDigest.TaskTimes tasks) {
        StringBuilder text = new StringBuilder();
        millis.forEach((stage, ms) -> text.append(text.isEmpty() ? "" : " ").append(stage).append('=').append(ms));
        return text.append(" task-read=").append(tasks.readNs() / 1_000_000)
                .append(" task-triage=").append(tasks.triageNs() / 1_000_000)
                .append(" task-archive=").append(tasks.archiveNs() / 1_000_000)
                .append(" task-fold=").append(tasks.foldNs() / 1_000_000).toString();
    }
}
