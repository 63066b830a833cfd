package io.logpulse.job;

import io.logpulse.ingest.LineSummary;
import io.logpulse.rules.Alert;
import io.logpulse.sink.BatchLedger;
import io.logpulse.sink.CounterSink;
import java.io.IOException;
import java.util.List;

/**
 * Where a batch's effects go, as {@link BatchPipeline} uses them: the batch ledger, the counter tables and the
 * alerts. The job's are {@link PipelineResources}, which {@code main} opens and closes; a test's can be in memory.
 */
interface BatchOutputs {

    /** What the finished batches counted, which the next batch is screened against. */
    BatchLedger.Counted counted() throws IOException;

    /** Records the batch before any of its output; its plan says how its lines are screened. */
    BatchLedger.Batch start(long timeMs, List<BatchLedger.Span> spans, List<LineSummary> summaries) throws IOException;

    /** Marks the batch finished, once everything it writes is written. */
    void finish(BatchLedger.Batch batch) throws IOException;

    /** The counter tables, which the driver writes. */
    CounterSink counters();

    void publish(long batchTimeMs, List<Alert> alerts);
}
