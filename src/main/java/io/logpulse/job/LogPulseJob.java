package io.logpulse.job;

import io.logpulse.config.ConfigException;
import io.logpulse.config.LogPulseConfig;
import io.logpulse.sink.CounterTableSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
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

    private LogPulseJob() {
    }

    public static void main(String[] args) throws Exception {
        JavaStreamingContext ssc;
        try {
            LogPulseConfig config = loadConfig(args);
            CounterTableSchema.ensureTables(config.hbaseTablePrefix());
            SparkConf sparkConf = new SparkConf().setAppName(config.appName())
                    .setIfMissing("spark.streaming.stopGracefullyOnShutdown", "true");
            if (config.kafkaMaxRatePerPartition() > 0) {
                sparkConf.set("spark.streaming.kafka.maxRatePerPartition",
                        String.valueOf(config.kafkaMaxRatePerPartition()));
            }
            ssc = JavaStreamingContext.getOrCreate(config.checkpointDir(),
                    () -> PipelineGraph.create(config, sparkConf));
        } catch (ConfigException e) {
            System.err.println("logpulse: bad configuration: " + e.getMessage());
            System.exit(LogPulseConfig.EXIT_BAD_CONFIG);
            return;
        }
        ssc.addStreamingListener(new BatchProgressLog());
        ssc.start();
        ssc.awaitTermination();
    }

    static LogPulseConfig loadConfig(String[] args) {
        List<String> rest = new ArrayList<>(List.of(args));
        Path file = Path.of("logpulse.properties");
        boolean explicit = false;
        int at = rest.indexOf("--config");
        if (at >= 0) {
            if (at + 1 >= rest.size()) {
                throw new ConfigException(null, "--config needs a file");
            }
            file = Path.of(rest.get(at + 1));
            explicit = true;
            rest.subList(at, at + 2).clear();
        }
        if (explicit && !Files.isReadable(file)) {
            throw new ConfigException(null, "--config " + file + ": no readable file there");
        }
        Map<String, String> overrides = new LinkedHashMap<>(LogPulseConfig.overridesFrom(System.getProperties()));
        overrides.putAll(LogPulseConfig.overridesFromArgs(rest));
        return Files.isReadable(file) ? LogPulseConfig.load(file, overrides) : LogPulseConfig.fromMap(overrides);
    }
}
