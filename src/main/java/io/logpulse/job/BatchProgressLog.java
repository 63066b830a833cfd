package io.logpulse.job;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.streaming.scheduler.BatchInfo;
import org.apache.spark.streaming.scheduler.StreamingListener;
import org.apache.spark.streaming.scheduler.StreamingListenerBatchCompleted;

/** One status line per completed batch: records, what became of them, timings, alerts. */
final class BatchProgressLog implements StreamingListener {

    private static final Logger LOG = LogManager.getLogger("io.logpulse.status");

    @Override
    public void onBatchCompleted(StreamingListenerBatchCompleted completed) {
        BatchInfo info = completed.batchInfo();
        long batch = info.batchTime().milliseconds();
        LOG.info("batch {} records={} {} processing={}ms scheduling-delay={}ms", batch, info.numRecords(),
                BatchReport.take(batch), millis(info.processingDelay()), millis(info.schedulingDelay()));
    }

    private static Object millis(scala.Option<Object> delay) {
        return delay.isDefined() ? delay.get() : "?";
    }
}
