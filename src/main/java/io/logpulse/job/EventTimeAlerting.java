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
import java.util.Objects;
import java.util.TreeMap;
import org.apache.spark.HashPartitioner;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * Alerts on the request's own time, for a set of rules: one {@link EventTimeWindows} per (rule, key), kept as an RDD
 * on the driver's schedule. Call {@link #onBatch} on the driver once per batch, in batch order (from a
 * {@code foreachRDD}): it counts the batch's lines per (rule, key) and slide-sized bucket of request time, merges
 * them into the kept state, evaluates every key with lines at the batch's watermark (and a key without them once
 * the watermark would drop it), keeps the next state and returns the alerts raised. The same lines and watermarks
 * give the same alerts, in the same order.
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
     * @param lineCounts  the batch's counted lines per ((rule, key), bucket), as {@link #addBuckets} makes them; a
     *                    bucket may come once from each task that counted lines of it, and the counts are summed
     * @param watermarkMs request time up to which lines are taken as complete: windows ending at or before it are
     *                    final; {@link Long#MIN_VALUE} before any line. A watermark below the previous batch's is
     *                    taken as that one.
     * @return the alerts raised by this batch, by rule, key and window end
     */
    public List<Alert> onBatch(JavaPairRDD<Bucket, Long> lineCounts, long watermarkMs) {
        if (kept == null) {
            kept = new Kept(JavaSparkContext.fromSparkContext(lineCounts.context()));
        }
        Map<String, AlertRule> rules = rulesByName;
        long previous = kept.watermarkMs;
        long watermark = Math.max(previous, watermarkMs);
        // The batch's lines per key, partitioned as the held state is: each task then walks one partition of the
        // state once, looking its keys up among the batch's, instead of a cogroup building a map of every held key.
        // No map-side combine: each pass task already summed its buckets, and a combining shuffle sorts its records
        // by key hash, which took most of the alerts' time when a flood brought a fresh key per line. A plain
        // partitioning with this few partitions writes each record once, unsorted; byKey sums what the tasks sent.
        JavaRDD<Tuple2<RuleKey, Map<Long, Long>>> lines = lineCounts
                .partitionBy(new ByRuleKey(kept.partitioner))
                .mapPartitions(EventTimeAlerting::byKey, true);
        JavaPairRDD<RuleKey, EventTimeWindows.Evaluation> evaluated = JavaPairRDD.fromJavaRDD(kept.state
                .zipPartitions(lines, (held, batch) -> evaluate(rules, previous, watermark, held, batch)))
                .persist(KEPT);
        List<Alert> raised = new ArrayList<>(evaluated.values().flatMap(e -> e.raised().iterator()).collect());
        // Not cached itself: made from the cached evaluations when the next batch, or the checkpoint, reads it.
        JavaPairRDD<RuleKey, EventTimeWindows> next = evaluated
                .flatMapValues(evaluation -> evaluation.next().stream().iterator());
        boolean checkpointing = ++kept.batches % CHECKPOINT_EVERY == 0;
        if (checkpointing) {
            // Cached as well: the next batch then reads the state from memory. Read back from the checkpoint's
            // files, every key deserialized, it took a second of that batch's alert windows in the demo.
            next.persist(KEPT);
            next.checkpoint();
            next.count();
        }
        if (kept.evaluated != null) {
            kept.evaluated.unpersist(false);
        }
        if (kept.cachedState != null) {
            // This batch's cached evaluations are made from it; were they evicted, the checkpoint has it.
            kept.cachedState.unpersist(false);
        }
        kept.cachedState = checkpointing ? next : null;
        kept.evaluated = evaluated;
        kept.state = next;
        kept.watermarkMs = watermark;
        raised.sort(Comparator.comparing(Alert::rule).thenComparing(Alert::key)
                .thenComparingLong(Alert::windowEndEpochMs));
        return raised;
    }

    /** Adds 1 to {@code counts} at ((rule, key), bucket) for each rule the event counts towards. */
    static void addBuckets(Map<String, AlertRule> rules, CleanEvent event, Map<Bucket, Long> counts) {
        long time = event.event().time().toEpochMilli();
        for (AlertRule rule : rules.values()) {
            rule.keyOf(event).ifPresent(key -> counts.merge(
                    new Bucket(new RuleKey(rule.name(), key), EventTimeWindows.bucketOf(rule, time)), 1L, Long::sum));
        }
    }

    /**
     * A partition's ((rule, key), bucket) -> lines, as each pass task counted them, summed as
     * (rule, key) -> bucket -> lines.
     */
    private static Iterator<Tuple2<RuleKey, Map<Long, Long>>> byKey(Iterator<Tuple2<Bucket, Long>> counts) {
        Map<RuleKey, Map<Long, Long>> keys = new HashMap<>();
        counts.forEachRemaining(count -> keys.computeIfAbsent(count._1().key(), key -> new HashMap<>())
                .merge(count._1().start(), count._2(), Long::sum));
        return Pairs.of(keys);
    }

    /**
     * Every key of a partition held or in the batch, at the watermark; a key met for the first time starts as one
     * held without lines up to the previous watermark.
     */
    private static Iterator<Tuple2<RuleKey, EventTimeWindows.Evaluation>> evaluate(
            Map<String, AlertRule> rules, long previous, long watermark,
            Iterator<Tuple2<RuleKey, EventTimeWindows>> held, Iterator<Tuple2<RuleKey, Map<Long, Long>>> batch) {
        Map<RuleKey, Map<Long, Long>> fresh = new HashMap<>();
        batch.forEachRemaining(key -> fresh.put(key._1(), key._2()));
        List<Tuple2<RuleKey, EventTimeWindows.Evaluation>> evaluated = new ArrayList<>();
        while (held.hasNext()) {
            Tuple2<RuleKey, EventTimeWindows> key = held.next();
            AlertRule rule = rules.get(key._1().rule());
            Map<Long, Long> lines = fresh.remove(key._1());
            String name = key._1().key();
            // Most held keys got no line this batch: they are only evaluated once the watermark would drop them.
            evaluated.add(new Tuple2<>(key._1(), lines == null ? key._2().evaluateIdle(rule, name, watermark)
                    : key._2().caughtUp(rule, name, previous).add(rule, lines).evaluate(rule, name, watermark)));
        }
        fresh.forEach((key, lines) -> {
            AlertRule rule = rules.get(key.rule());
            evaluated.add(new Tuple2<>(key, EventTimeWindows.none(rule, previous).add(rule, lines)
                    .evaluate(rule, key.key(), watermark)));
        });
        return evaluated.iterator();
    }

    /** Partitions buckets by their (rule, key), as the held state is. */
    private static final class ByRuleKey extends Partitioner {
        private static final long serialVersionUID = 1L;
        private final Partitioner byKey;

        ByRuleKey(Partitioner byKey) {
            this.byKey = byKey;
        }

        @Override
        public int numPartitions() {
            return byKey.numPartitions();
        }

        @Override
        public int getPartition(Object bucket) {
            return byKey.getPartition(((Bucket) bucket).key());
        }
    }

    /** What one rule counts towards: a client IP, a host. */
    record RuleKey(String rule, String key) implements Serializable {
        RuleKey {
            Objects.requireNonNull(rule, "rule");
            Objects.requireNonNull(key, "key");
        }

        // Written out, as in Bucket and CellKey: a record's generated equals runs through method handles, and for
        // the per-line map keys that was a tenth of the pass's samples. The hash is the generated one's formula, so
        // a key's partition does not change.
        @Override
        public boolean equals(Object other) {
            return this == other || other instanceof RuleKey that && rule.equals(that.rule) && key.equals(that.key);
        }

        @Override
        public int hashCode() {
            return 31 * rule.hashCode() + key.hashCode();
        }
    }

    /**
     * A slide-sized bucket of request time of one (rule, key), starting at {@code start}: what the pass counts
     * lines per, a map key per line, so it hashes two fields instead of a boxed Scala tuple.
     */
    record Bucket(RuleKey key, long start) implements Serializable {
        Bucket {
            Objects.requireNonNull(key, "key");
        }

        @Override
        public boolean equals(Object other) {
            return this == other || other instanceof Bucket that && start == that.start && key.equals(that.key);
        }

        @Override
        public int hashCode() {
            return 31 * key.hashCode() + Long.hashCode(start);
        }
    }

    /**
     * This driver's state RDD, partitioned once so that merging a batch only shuffles the batch; the cached
     * evaluations it is made from, kept until the next batch's are; and on a checkpoint's batch, the state itself.
     */
    private static final class Kept {
        private final Partitioner partitioner;
        private JavaPairRDD<RuleKey, EventTimeWindows> state;
        private JavaPairRDD<RuleKey, EventTimeWindows.Evaluation> evaluated;
        /** The state, when it was cached at its checkpoint, until the next batch's evaluations are. */
        private JavaPairRDD<RuleKey, EventTimeWindows> cachedState;
        private long watermarkMs = Long.MIN_VALUE;
        private int batches;

        Kept(JavaSparkContext spark) {
            this.partitioner = new HashPartitioner(spark.defaultParallelism());
            // As many (empty) partitions as the partitioner: each batch zips its partitions with the batch's.
            this.state = JavaPairRDD.fromJavaRDD(spark.parallelize(List.<Tuple2<RuleKey, EventTimeWindows>>of(),
                    partitioner.numPartitions()));
        }
    }
}
