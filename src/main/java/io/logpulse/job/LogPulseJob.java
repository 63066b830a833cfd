package io.logpulse.job;

import io.logpulse.config.ConfigException;
import io.logpulse.config.LogPulseConfig;
import io.logpulse.sink.CounterTableSchema;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkException;
import org.apache.spark.streaming.api.java.JavaStreamingContext;

/**
 * The LogPulse streaming job.
 *
 * <pre>
 * usage: spark-submit --class io.logpulse.job.LogPulseJob logpulse.jar [--config FILE] [--conf key=value ...]
 * </pre>
 *
 * <p>Settings come from {@code FILE} (default: {@code logpulse.properties} in the working directory, where
 * {@code spark-submit --files} puts it, else the built-in defaults), then {@code -Dlogpulse.*} system properties,
 * then {@code --conf} pairs. A bad setting is reported with its key and the job exits with status 2. The graph is
 * restored from {@code logpulse.checkpoint.dir} when a checkpoint exists there.
 */
public final class LogPulseJob {

    /** Exit status when {@code logpulse.checkpoint.dir} holds a checkpoint this jar cannot restore. */
    public static final int EXIT_UNREADABLE_CHECKPOINT = 3;
    private static final Logger LOG = LogManager.getLogger(LogPulseJob.class);

    private LogPulseJob() {
    }

    public static void main(String[] args) throws Exception {
        JavaStreamingContext ssc;
        LogPulseConfig config;
        try {
            config = LogPulseConfig.fromCommandLine(List.of(args));
            CounterTableSchema.ensureTables(config.hbaseTablePrefix());
            SparkConf sparkConf = new SparkConf().setAppName(config.appName())
                    .setIfMissing("spark.streaming.stopGracefullyOnShutdown", "true");
            if (config.kafkaMaxRatePerPartition() > 0) {
                sparkConf.set("spark.streaming.kafka.maxRatePerPartition",
                        String.valueOf(config.kafkaMaxRatePerPartition()));
            }
            boolean[] created = {false};
            ssc = JavaStreamingContext.getOrCreate(config.checkpointDir(), () -> {
                created[0] = true;
                return PipelineGraph.create(config, sparkConf);
            });
            LOG.info(created[0] ? "new job graph, checkpointed to {}" : "resumed from the checkpoint in {}",
                    config.checkpointDir());
        } catch (ConfigException e) {
            e.exit("logpulse");
            return;
        } catch (Exception e) { // Scala code: SparkException is not declared
            if (!(e instanceof SparkException) || !String.valueOf(e.getMessage()).startsWith("Failed to read checkpoint")) {
                throw e;
            }
            // Typically a checkpoint of another build: it holds serialized classes of the job's graph.
            System.err.println("logpulse: " + e.getMessage() + ": " + rootCause(e)
                    + ". A checkpoint is readable only by the jar that wrote it. Run that jar again, or move the"
                    + " checkpoint away (or set logpulse.checkpoint.dir): the job then resumes from the offsets it"
                    + " committed to Kafka, and HBase's batch markers keep counts exactly-once.");
            System.exit(EXIT_UNREADABLE_CHECKPOINT);
            return;
        }
        ssc.addStreamingListener(new BatchProgressLog(config));
        ssc.start();
        ssc.awaitTermination();
    }

    private static String rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.toString();
    }
}
