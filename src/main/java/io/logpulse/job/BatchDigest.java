package io.logpulse.job;

import io.logpulse.archive.RawArchive;
import io.logpulse.counters.DayTotals;
import io.logpulse.ingest.LineSummary;
import java.io.Serializable;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Everything one partition of a batch contributes, made in one pass over its lines and far smaller than them:
 * the summary its plan needs, its archive files (staged, not yet in place), its counter increments summed per
 * cell, its counted lines per alert window bucket, its day totals, and what became of its lines.
 *
 * @param cells   increments per cell, instead of a cell per line: a few thousand whatever the batch's size
 * @param buckets counted lines per ((rule, key), bucket) of request time
 * @param totals  per host and day, for the status line's busiest hosts
 */
record BatchDigest(int partition, LineSummary summary, RawArchive.Staged archive, Map<CellKey, Long> cells,
                   Map<EventTimeAlerting.Bucket, Long> buckets, Map<HostDay, DayTotals> totals,
                   Fates fates, TaskTimes times) implements Serializable {

    /** What the day totals are kept per: a record, so a line hashes two fields instead of building a key text. */
    record HostDay(String host, String day) implements Serializable {
        /** @param host null for a line that names no host and has no server to count under */
        HostDay {
            Objects.requireNonNull(day, "day");
        }

        // Written out, as CellKey's.
        @Override
        public boolean equals(Object other) {
            return this == other || other instanceof HostDay that && Objects.equals(host, that.host)
                    && day.equals(that.day);
        }

        @Override
        public int hashCode() {
            return 31 * Objects.hashCode(host) + day.hashCode();
        }

        @Override
        public String toString() {
            return host + " " + day;
        }
    }

    /** How many lines of the partition had each fate; the rejected ones by reason. */
    record Fates(long valid, Map<String, Long> rejected, long blacklisted, long duplicate, long late)
            implements Serializable {
        static final Fates NONE = new Fates(0, Map.of(), 0, 0, 0);

        Fates plus(Fates o) {
            Map<String, Long> reasons = new TreeMap<>(rejected);
            o.rejected.forEach((reason, count) -> reasons.merge(reason, count, Long::sum));
            return new Fates(valid + o.valid, reasons, blacklisted + o.blacklisted, duplicate + o.duplicate,
                    late + o.late);
        }
    }

    /** Where the partition's task spent its time, in ns: reading records, triage, archive writes, folding. */
    record TaskTimes(long readNs, long triageNs, long archiveNs, long foldNs) implements Serializable {
        static final TaskTimes NONE = new TaskTimes(0, 0, 0, 0);

        TaskTimes plus(TaskTimes o) {
            return new TaskTimes(readNs + o.readNs, triageNs + o.triageNs, archiveNs + o.archiveNs,
                    foldNs + o.foldNs);
        }
    }

    /**
     * What the driver collects after the pass: all but the buckets, which stay on the executors for the alerts.
     * The cells come along, so that writing them needs no Spark job of its own, which would wait for the slots the
     * alerts' jobs hold.
     */
    BatchDigest head() {
        return new BatchDigest(partition, summary, archive, cells, Map.of(), totals, fates, times);
    }
}
