package io.logpulse.job;

import io.logpulse.clean.CleanEvent;
import io.logpulse.rules.Alert;
import io.logpulse.rules.AlertRule;
import io.logpulse.rules.EventTimeWindows;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.HashPartitioner;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * Alerts on the request's own time, for a set of rules: one {@link EventTimeWindows} per (rule, key), kept as an RDD
 * on the driver's schedule. Call {@link #onBatch} on the driver once per batch, in batch order (from a
 * {@code foreachRDD}): it counts the batch's lines per (rule, key) and slide-sized bucket of request time, merges
 * them into the kept state, evaluates every key at the batch's watermark, keeps the next state and returns the
 * alerts raised. The same lines and watermarks give the same alerts, in the same order.
 *
 * <p>The state RDD is checkpointed every {@value #CHECKPOINT_EVERY} batches, so its lineage (one cogroup per batch)
 * stays short; that needs the context's checkpoint directory, which {@code ssc.checkpoint} sets.
 *
 * <p>Serializable only because DStream output functions are written into the checkpoint with the graph; the job
 * never restores a graph from it (see {@link PipelineGraph}), so the RDD handles of this driver are transient.
 */
public final class EventTimeAlerting implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Batches between checkpoints of the state RDD. */
    public static final int CHECKPOINT_EVERY = 10;

    /** As objects: the windows are immutable, and serializing every key twice a batch cost more than its merge. */
    private static final StorageLevel KEPT = StorageLevel.MEMORY_AND_DISK();

    private final TreeMap<String, AlertRule> rulesByName = new TreeMap<>();
    private transient Kept kept;

    /** @throws IllegalArgumentException when two rules share a name: alerts and state are keyed by it */
    public EventTimeAlerting(List<AlertRule> rules) {
        for (AlertRule rule : rules) {
            if (rulesByName.put(rule.name(), rule) != null) {
                throw new IllegalArgumentException("two rules named " + rule.name());
            }
        }
    }

    /** The rules by name, as the state and the buckets key them. */
    Map<String, AlertRule> rules() {
        return rulesByName;
    }

    /**
     * @param lineCounts  the batch's counted lines per ((rule, key), bucket), as {@link #addBuckets} makes them
     * @param watermarkMs request time up to which lines are taken as complete: windows ending at or before it are
     *                    final; {@link Long#MIN_VALUE} before any line. A watermark below the previous batch's is
     *                    taken as that one.
     * @return the alerts raised by this batch, by rule, key and window end
     */
    public List<Alert> onBatch(JavaPairRDD<Tuple2<RuleKey, Long>, Long> lineCounts, long watermarkMs) {
        if (kept == null) {
            kept = new Kept(JavaSparkContext.fromSparkContext(lineCounts.context()));
        }
        Map<String, AlertRule> rules = rulesByName;
        long previous = kept.watermarkMs;
        long watermark = Math.max(previous, watermarkMs);
        JavaPairRDD<RuleKey, Tuple2<Long, Long>> lines = lineCounts
                .reduceByKey(Long::sum)
                .mapToPair(bucket -> new Tuple2<>(bucket._1()._1(), new Tuple2<>(bucket._1()._2(), bucket._2())));
        JavaPairRDD<RuleKey, EventTimeWindows.Evaluation> evaluated = kept.state.cogroup(lines, kept.partitioner)
                .mapPartitionsToPair(keys -> evaluate(rules, previous, watermark, keys), true)
                .persist(KEPT);
        List<Alert> raised = new ArrayList<>(evaluated.values().flatMap(e -> e.raised().iterator()).collect());
        JavaPairRDD<RuleKey, EventTimeWindows> next = evaluated
                .flatMapValues(evaluation -> evaluation.next().stream().iterator())
                .persist(KEPT);
        if (++kept.batches % CHECKPOINT_EVERY == 0) {
            next.checkpoint();
        }
        // Computed (and checkpointed) now, while the RDDs it is computed from are still cached.
        next.count();
        evaluated.unpersist(false);
        kept.state.unpersist(false);
        kept.state = next;
        kept.watermarkMs = watermark;
        raised.sort(Comparator.comparing(Alert::rule).thenComparing(Alert::key)
                .thenComparingLong(Alert::windowEndEpochMs));
        return raised;
    }

    /** Adds 1 to {@code counts} at ((rule, key), bucket) for each rule the event counts towards. */
    static void addBuckets(Map<String, AlertRule> rules, CleanEvent event, Map<Tuple2<RuleKey, Long>, Long> counts) {
        long time = event.event().time().toEpochMilli();
        for (AlertRule rule : rules.values()) {
            rule.keyOf(event).ifPresent(key -> counts.merge(
                    new Tuple2<>(new RuleKey(rule.name(), key), EventTimeWindows.bucketOf(rule, time)), 1L, Long::sum));
        }
    }

    /**
     * Every key of a partition held or in the batch, at the watermark; a key met for the first time starts as one
     * held without lines up to the previous watermark.
     */
    private static Iterator<Tuple2<RuleKey, EventTimeWindows.Evaluation>> evaluate(
            Map<String, AlertRule> rules, long previous, long watermark,
            Iterator<Tuple2<RuleKey, Tuple2<Iterable<EventTimeWindows>, Iterable<Tuple2<Long, Long>>>>> keys) {
        List<Tuple2<RuleKey, EventTimeWindows.Evaluation>> evaluated = new ArrayList<>();
        while (keys.hasNext()) {
            Tuple2<RuleKey, Tuple2<Iterable<EventTimeWindows>, Iterable<Tuple2<Long, Long>>>> key = keys.next();
            AlertRule rule = rules.get(key._1().rule());
            Iterator<EventTimeWindows> held = key._2()._1().iterator();
            EventTimeWindows state = held.hasNext() ? held.next() : EventTimeWindows.none(rule, previous);
            Map<Long, Long> batch = new HashMap<>();
            key._2()._2().forEach(bucket -> batch.put(bucket._1(), bucket._2()));
            evaluated.add(new Tuple2<>(key._1(), state.add(rule, batch).evaluate(rule, key._1().key(), watermark)));
        }
        return evaluated.iterator();
    }

    /** What one rule counts towards: a client IP, a host. */
    record RuleKey(String rule, String key) implements Serializable {
    }

    /** This driver's state RDD, partitioned once so that merging a batch only shuffles the batch. */
    private static final class Kept {
        private final Partitioner partitioner;
        private JavaPairRDD<RuleKey, EventTimeWindows> state;
        private long watermarkMs = Long.MIN_VALUE;
        private int batches;

        Kept(JavaSparkContext spark) {
            this.partitioner = new HashPartitioner(spark.defaultParallelism());
            this.state = JavaPairRDD.fromJavaRDD(spark.<Tuple2<RuleKey, EventTimeWindows>>emptyRDD());
        }
    }
}
