package io.logpulse.ops;

import io.logpulse.status.BatchStatus;

/**
 * What {@link PipelineWatch} saw at one moment: the lines that arrived in the input topic since it started, the
 * rates over its last 10 s, the job's lag and the last batch status it read.
 *
 * @param arrived   lines that arrived in the input topic since the watch started
 * @param inputRate lines per second arriving
 * @param jobRate   lines per second the job committed; {@link BatchStatus#UNKNOWN} before a second sample
 * @param lag       lines arrived that the job has not committed
 * @param lastBatch the job's last batch status; null before its first
 */
record PipelineSample(long arrived, long inputRate, long jobRate, long lag, BatchStatus lastBatch) {

    /** {@code in: N lines (R/s) | job: R/s | kafka lag: N | last batch: ...}, the demo's status line. */
    String statusLine() {
        String job = jobRate == BatchStatus.UNKNOWN ? "-" : String.format("%,d/s", jobRate);
        String batch = lastBatch == null ? "none yet (the job is starting)"
                : String.format("%d records, processing %d ms, scheduling delay %d ms", lastBatch.records(),
                        lastBatch.processingMs(), lastBatch.schedulingDelayMs());
        return String.format("in: %,d lines (%,d/s) | job: %s | kafka lag: %,d | last batch: %s", arrived, inputRate,
                job, lag, batch);
    }
}
