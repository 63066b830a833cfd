package io.logpulse.ops;

import io.logpulse.status.BatchStatus;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a job run's CPU went, by process: each process's CPU per record over the batches with records after the
 * first (which pays for the JVM's start, the JIT and cold executors), read by the bench as each batch's status
 * arrived. On a machine whose cores the job shares with Kafka, HDFS and HBase, their sum per record is what bounds
 * the rate: {@code cores / CPU per record}. Pure: the bench gives it the statuses and a snapshot taken at each.
 */
final class CpuPerRecordTable {

    private final List<BatchStatus> statuses;
    private final List<ProcessCpu.Snapshot> atStatus;
    private final int cores;

    /** @param atStatus the processes' CPU time read when each of {@code statuses} arrived, in the same order */
    CpuPerRecordTable(List<BatchStatus> statuses, List<ProcessCpu.Snapshot> atStatus, int cores) {
        if (statuses.size() != atStatus.size()) {
            throw new IllegalArgumentException(statuses.size() + " statuses but " + atStatus.size() + " snapshots");
        }
        this.statuses = List.copyOf(statuses);
        this.atStatus = List.copyOf(atStatus);
        this.cores = cores;
    }

    /** The markdown table, after an empty line; a line saying why not when no batch after the first had records. */
    String render() {
        int first = -1;
        int last = -1;
        for (int i = 0; i < statuses.size(); i++) {
            if (statuses.get(i).records() > 0) {
                first = first < 0 ? i : first;
                last = i;
            }
        }
        if (first < 0 || last == first || atStatus.get(first).processes().isEmpty()) {
            return String.format(Locale.ROOT, "%nCPU per record: not measured (no batch with records after the"
                    + " first, or no process to read)%n");
        }
        long records = 0;
        for (int i = first + 1; i <= last; i++) {
            records += statuses.get(i).records();
        }
        ProcessCpu.Snapshot before = atStatus.get(first);
        List<Optional<Double>> micros = before.microsPerLine(atStatus.get(last), records);
        String batches = last - first == 1 ? "the batch" : (last - first) + " batches";
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%nCPU per record, all threads of each"
                + " process, over the %,d records of %s after the first:%n%n| process | CPU per record"
                + " |%n|---|---|%n", records, batches));
        double sum = 0;
        boolean known = true;
        for (int i = 0; i < micros.size(); i++) {
            out.append(String.format(Locale.ROOT, "| %s | %s |%n", before.processes().get(i).name(),
                    ProcessCpu.render(micros.get(i))));
            known &= micros.get(i).isPresent();
            sum += micros.get(i).orElse(0.0);
        }
        Optional<Double> total = known ? Optional.of(sum) : Optional.empty();
        out.append(String.format(Locale.ROOT, "| all of them: what %d cores allow at that cost | %s: %s |%n", cores,
                ProcessCpu.render(total), ProcessCpu.allows(cores, total).replace("lines/s", "records/s")));
        return out.toString();
    }
}
