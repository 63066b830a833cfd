package io.logpulse.job;

import io.logpulse.clean.LineTriage;
import io.logpulse.clean.TriagedLine;
import io.logpulse.config.ConfigException;
import io.logpulse.config.LogPulseConfig;
import io.logpulse.counters.CounterCell;
import io.logpulse.sink.CounterTableSchema;
import io.logpulse.sink.HBaseConnections;
import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.util.Bytes;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.function.VoidFunction;
import org.apache.spark.streaming.Durations;
import org.apache.spark.streaming.api.java.JavaInputDStream;
import org.apache.spark.streaming.api.java.JavaStreamingContext;
import org.apache.spark.streaming.kafka010.ConsumerStrategies;
import org.apache.spark.streaming.kafka010.KafkaUtils;
import org.apache.spark.streaming.kafka010.LocationStrategies;

/**
 * The design LogPulse is measured against, as seed 002 sketches it: a direct stream whose executors send one
 * {@code incrementColumnValue} per counter cell of every record, with no ledger, no archive and no alerts (a
 * replayed batch counts twice). Only {@code bin/logpulse bench job} runs it, for its (c) figure.
 *
 * <pre>
 * usage: NaiveBaselineJob SECONDS [--config FILE] [--conf key=value ...]
 * </pre>
 *
 * Reads the configured topic from its start for SECONDS, then prints
 * {@code naive: N records in S s: R records/s}, counting every record its tasks finished, from the first one: a
 * batch of this design can take longer than the whole run. In local mode only, where the tasks run in this JVM.
 */
public final class NaiveBaselineJob {

    private NaiveBaselineJob() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || !args[0].matches("[1-9][0-9]*")) {
            System.err.println("usage: NaiveBaselineJob SECONDS [--config FILE] [--conf key=value ...]");
            System.exit(2);
        }
        LogPulseConfig config;
        try {
            config = LogPulseConfig.fromCommandLine(List.of(args).subList(1, args.length));
        } catch (ConfigException e) {
            e.exit("naive-baseline");
            return;
        }
        CounterTableSchema.ensureTables(HBaseConnections.shared(), config.hbaseTablePrefix());
        JavaStreamingContext ssc = new JavaStreamingContext(new SparkConf().setAppName("logpulse-naive-baseline"),
                Durations.seconds(config.batchInterval().toSeconds()));
        JavaInputDStream<ConsumerRecord<String, String>> records = KafkaUtils.createDirectStream(ssc,
                LocationStrategies.PreferConsistent(), ConsumerStrategies.<String, String>Subscribe(
                        List.of(config.kafkaTopic()), PipelineGraph.kafkaParams(config)));
        records.foreachRDD(rdd -> rdd.foreachPartition(
                new Increments(PipelineGraph.lineTriage(config), config.hbaseTablePrefix())));
        ssc.start();
        ssc.awaitTerminationOrTimeout(Long.parseLong(args[0]) * 1000);
        long done = Increments.RECORDS.get();
        long ms = Math.max(1, (System.nanoTime() - Increments.FIRST_NANOS.get()) / 1_000_000);
        System.out.printf("naive: %d records in %.1f s: %d records/s%n", done, ms / 1000.0,
                done == 0 ? 0 : done * 1000 / ms);
        // Not a graceful stop: it would wait for the running batch, which can take minutes. The bench is done.
        System.exit(0);
    }

    /** One RPC per cell of every record, as the naive design does. A class: see PipelineGraph.RecordLine. */
    private static final class Increments implements VoidFunction<Iterator<ConsumerRecord<String, String>>> {
        private static final long serialVersionUID = 1L;
        static final AtomicLong RECORDS = new AtomicLong();
        static final AtomicLong FIRST_NANOS = new AtomicLong(Long.MAX_VALUE);
        private final LineTriage triage;
        private final String tablePrefix;

        Increments(LineTriage triage, String tablePrefix) {
            this.triage = triage;
            this.tablePrefix = tablePrefix;
        }

        @Override
        public void call(Iterator<ConsumerRecord<String, String>> records) throws IOException {
            Map<String, Table> tables = new HashMap<>();
            try {
                while (records.hasNext()) {
                    FIRST_NANOS.compareAndSet(Long.MAX_VALUE, System.nanoTime());
                    TriagedLine line = triage.triage(records.next().value(), Instant.now());
                    for (CounterCell cell : line.cells()) {
                        Table table = tables.get(cell.table());
                        if (table == null) {
                            table = HBaseConnections.shared().getTable(TableName.valueOf(tablePrefix + cell.table()));
                            tables.put(cell.table(), table);
                        }
                        table.incrementColumnValue(Bytes.toBytes(cell.rowKey()), CounterTableSchema.INFO,
                                Bytes.toBytes(cell.qualifier()), cell.delta());
                    }
                    RECORDS.incrementAndGet();
                }
            } finally {
                for (Table table : tables.values()) {
                    table.close();
                }
            }
        }
    }
}
