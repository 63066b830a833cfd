package io.logpulse.ingest;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a batch decides about its lines before any output, recorded with it in the ledger so that a replay decides
 * the same: per partition, the lines counted before it (earlier batches and the batch's earlier partitions), the
 * ranges counted once the batch is done, and the latest request time seen before and after it.
 *
 * @param coveredBefore    per partition, in the batch's partition order, the lines counted before it, for the
 *                         sources the batch has lines of
 * @param appliedAfter     the same sources' ranges once the batch is finished
 * @param maxEventMsBefore latest request time counted before the batch, {@link Long#MIN_VALUE} when none
 * @param maxEventMsAfter  the same, the batch included
 */
public record BatchPlan(List<AppliedLines> coveredBefore, AppliedLines appliedAfter, long maxEventMsBefore,
                        long maxEventMsAfter) implements Serializable {

    public BatchPlan {
        coveredBefore = List.copyOf(coveredBefore);
    }

    /** A plan that screens nothing, for a batch recorded by a job before line ids. */
    public static BatchPlan none(int partitions) {
        return new BatchPlan(Collections.nCopies(partitions, AppliedLines.NONE), AppliedLines.NONE,
                Long.MIN_VALUE, Long.MIN_VALUE);
    }

    /**
     * @param applied          what the ledger holds as counted (any sources)
     * @param summaries        one per partition of the batch, in order
     * @param maxEventMsBefore the ledger's latest request time
     */
    public static BatchPlan of(AppliedLines applied, List<LineSummary> summaries, long maxEventMsBefore) {
        Set<String> sources = new TreeSet<>();
        long maxAfter = maxEventMsBefore;
        for (LineSummary summary : summaries) {
            sources.addAll(summary.lines().bySource().keySet());
            maxAfter = Math.max(maxAfter, summary.maxEventMs());
        }
        List<AppliedLines> before = new ArrayList<>();
        AppliedLines covered = applied.restrictedTo(sources);
        for (LineSummary summary : summaries) {
            before.add(covered);
            covered = covered.plus(summary.lines());
        }
        return new BatchPlan(before, covered, maxEventMsBefore, maxAfter);
    }

    /**
     * Why screening each partition by what was counted before the batch (and its own earlier lines) alone could
     * decide a line otherwise than this plan does; empty when it cannot, which is when no partition's lines lie in
     * the ranges of an earlier partition's and no range had to be forgotten to keep within
     * {@link ByteRanges#MAX_RANGES}. Then a batch can be screened while it is read, before its plan exists.
     *
     * @param counted          what the ledger held as counted when the partitions were screened
     * @param maxEventMsBefore the latest request time they were screened with
     * @param summaries        the partitions' summaries, as made when they were screened
     */
    public Optional<String> differenceFrom(AppliedLines counted, long maxEventMsBefore, List<LineSummary> summaries) {
        if (maxEventMsBefore != this.maxEventMsBefore || summaries.size() != coveredBefore.size()) {
            return Optional.of("the ledger's latest request time moved from " + maxEventMsBefore + " to "
                    + this.maxEventMsBefore);
        }
        Map<String, ByteRanges> earlier = new HashMap<>();
        for (int i = 0; i < summaries.size(); i++) {
            Map<String, ByteRanges> planned = coveredBefore.get(i).bySource();
            for (Map.Entry<String, ByteRanges> source : summaries.get(i).lines().bySource().entrySet()) {
                ByteRanges mine = source.getValue();
                ByteRanges others = earlier.getOrDefault(source.getKey(), ByteRanges.NONE);
                ByteRanges screen = planned.getOrDefault(source.getKey(), ByteRanges.NONE);
                ByteRanges before = counted.bySource().getOrDefault(source.getKey(), ByteRanges.NONE);
                String where = "partition " + i + ", source " + source.getKey() + ": ";
                if (mine.intersects(others)) {
                    return Optional.of(where + "lines also in an earlier partition of the batch");
                }
                // A list at the cap may have forgotten a range, so the two screens could differ there.
                if (mine.size() >= ByteRanges.MAX_RANGES || others.size() >= ByteRanges.MAX_RANGES
                        || screen.size() >= ByteRanges.MAX_RANGES) {
                    return Optional.of(where + "a range list at its cap of " + ByteRanges.MAX_RANGES);
                }
                if (!screen.equals(before.plus(others))) {
                    return Optional.of(where + "the ledger's counted lines moved");
                }
            }
            summaries.get(i).lines().bySource().forEach((source, ranges) -> earlier.merge(source, ranges,
                    ByteRanges::plus));
        }
        return Optional.empty();
    }

    public DuplicateScreen screen(int partition) {
        return new DuplicateScreen(coveredBefore.get(partition));
    }

    /**
     * Line-based text for the ledger: {@code max_event_before N}, {@code max_event_after N}, then
     * {@code partition} or {@code after} followed by its sources' lines as {@link AppliedLines#format} writes them.
     */
    public String format() {
        StringBuilder text = new StringBuilder()
                .append("max_event_before ").append(maxEventMsBefore).append('\n')
                .append("max_event_after ").append(maxEventMsAfter).append('\n');
        for (AppliedLines partition : coveredBefore) {
            text.append("partition\n").append(partition.format());
        }
        return text.append("after\n").append(appliedAfter.format()).toString();
    }

    /** @throws IllegalArgumentException when the text is not what {@link #format} writes */
    public static BatchPlan parse(String text) {
        String[] lines = text.split("\n", -1);
        if (lines.length < 3 || !lines[0].startsWith("max_event_before ") || !lines[1].startsWith("max_event_after ")) {
            throw new IllegalArgumentException("not a batch plan: " + text.substring(0, Math.min(80, text.length())));
        }
        long before = Long.parseLong(lines[0].substring("max_event_before ".length()));
        long after = Long.parseLong(lines[1].substring("max_event_after ".length()));
        List<AppliedLines> partitions = new ArrayList<>();
        AppliedLines appliedAfter = null;
        String heading = null;
        StringBuilder section = new StringBuilder();
        // A sentinel heading at the end closes the last section.
        for (int i = 2; i <= lines.length; i++) {
            String line = i < lines.length ? lines[i] : "end";
            if (!line.equals("partition") && !line.equals("after") && !line.equals("end")) {
                section.append(line).append('\n');
                continue;
            }
            if ("partition".equals(heading)) {
                partitions.add(AppliedLines.parse(section.toString()));
            } else if ("after".equals(heading)) {
                appliedAfter = AppliedLines.parse(section.toString());
            }
            heading = line;
            section.setLength(0);
        }
        if (appliedAfter == null) {
            throw new IllegalArgumentException("batch plan without its 'after' section");
        }
        return new BatchPlan(partitions, appliedAfter, before, after);
    }
}
