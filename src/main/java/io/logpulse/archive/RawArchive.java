package io.logpulse.archive;

import io.logpulse.clean.TriagedLine;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Serializable;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The permanent raw archive on HDFS: every input line of a batch, valid ones under
 * {@code <dir>/dt=yyyy-MM-dd/hour=HH/} and rejects, each with its reason, under {@code <dir>/rejects/dt=.../hour=.../}.
 *
 * <p>One file per Kafka offset range, named by it ({@code part-<topic>-<partition>-<first offset>}), under the hour
 * of its batch's recorded time, written to a temporary name and renamed into place: a crash leaves no partial file,
 * and a replayed batch (the ledger gives it the same time and offsets, so the same lines) finds its files already
 * there: HDFS's rename does not overwrite, so the replay's copy is discarded.
 */
public final class RawArchive implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final DateTimeFormatter PARTITION =
            DateTimeFormatter.ofPattern("'dt='yyyy-MM-dd/'hour='HH");

    private static Configuration hadoopConfiguration;

    private final String root;
    private final ZoneId zone;

    public RawArchive(String root, ZoneId zone) {
        this.root = root;
        this.zone = zone;
    }

    /** Lines written by one call. */
    public record Written(long valid, long rejected) implements Serializable {
    }

    /**
     * @param batchTimeMs the batch's recorded time, which picks the hour directory
     * @param name        the file name without extension: a function of the offset range the lines came from
     */
    public Written write(long batchTimeMs, String name, Iterator<TriagedLine> lines) throws IOException {
        String hourDir = PARTITION.withZone(zone).format(Instant.ofEpochMilli(batchTimeMs));
        FileSystem fs = FileSystem.get(URI.create(root), hadoopConfiguration());
        Path valid = new Path(root + "/" + hourDir + "/" + name + ".log");
        Path rejects = new Path(root + "/rejects/" + hourDir + "/" + name + ".tsv");
        if (fs.exists(valid) && fs.exists(rejects)) {
            return new Written(0, 0);
        }
        Path tmpValid = temporary(valid);
        Path tmpRejects = temporary(rejects);
        long validCount = 0;
        long rejectCount = 0;
        try (Writer validOut = open(fs, tmpValid); Writer rejectOut = open(fs, tmpRejects)) {
            while (lines.hasNext()) {
                TriagedLine line = lines.next();
                if (line.fate() == TriagedLine.Fate.DUPLICATE) {
                    // Its first copy is archived: the archive holds every line the server wrote once.
                    continue;
                }
                if (line.fate() == TriagedLine.Fate.REJECTED) {
                    rejectOut.write(line.reject().reason());
                    rejectOut.write('\t');
                    rejectOut.write(escape(line.raw()));
                    rejectOut.write('\n');
                    rejectCount++;
                } else {
                    validOut.write(line.raw());
                    validOut.write('\n');
                    validCount++;
                }
            }
        }
        boolean newValid = publish(fs, tmpValid, valid, validCount);
        boolean newRejects = publish(fs, tmpRejects, rejects, rejectCount);
        return new Written(newValid ? validCount : 0, newRejects ? rejectCount : 0);
    }

    /** Parsing the *-site.xml files once per JVM, not once per partition of every batch. */
    private static synchronized Configuration hadoopConfiguration() {
        if (hadoopConfiguration == null) {
            hadoopConfiguration = new Configuration();
        }
        return hadoopConfiguration;
    }

    private static Path temporary(Path target) {
        // Unique per attempt: a retried or speculative task must not write into another attempt's file.
        return new Path(target.getParent(), "." + target.getName() + "." + UUID.randomUUID() + ".tmp");
    }

    private static Writer open(FileSystem fs, Path path) throws IOException {
        FSDataOutputStream out = fs.create(path, true);
        return new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
    }

    /** Moves the file into place unless an earlier run of this batch already did; says whether it did now. */
    private static boolean publish(FileSystem fs, Path tmp, Path target, long lines) throws IOException {
        if (lines == 0) {
            fs.delete(tmp, false);
            return false;
        }
        fs.mkdirs(target.getParent());
        if (fs.rename(tmp, target)) {
            return true;
        }
        fs.delete(tmp, false);
        if (!fs.exists(target)) {
            throw new IOException("cannot move " + tmp + " to " + target);
        }
        return false;
    }

    /** A reject may hold tabs, newlines or backslashes; escaping keeps one reject per archive line. */
    static String escape(String raw) {
        StringBuilder out = new StringBuilder(raw.length() + 8);
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
