package io.logpulse.archive;

import io.logpulse.clean.TriagedLine;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
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

    /** Lines a publish moved into place. */
    public record Written(long valid, long rejected) implements Serializable {
        public static final Written NONE = new Written(0, 0);

        public Written plus(Written other) {
            return new Written(valid + other.valid, rejected + other.rejected);
        }
    }

    /**
     * The files of one offset range, written and closed under hidden temporary names, not yet in place: a task
     * writes them while it reads its lines, the driver publishes them once the batch is in the ledger.
     */
    public record Staged(String tmpValid, String valid, long validLines, String tmpRejects, String rejects,
                         long rejectLines) implements Serializable {
    }

    /**
     * Starts the files of one offset range of a batch; nothing is visible in the archive until {@link #publish}.
     *
     * @param batchTimeMs the batch's recorded time, which picks the hour directory
     * @param name        the file name without extension: a function of the offset range the lines came from
     */
    public Staging stage(long batchTimeMs, String name) {
        String hourDir = PARTITION.withZone(zone).format(Instant.ofEpochMilli(batchTimeMs));
        return new Staging(new Path(root + "/" + hourDir + "/" + name + ".log"),
                new Path(root + "/rejects/" + hourDir + "/" + name + ".tsv"));
    }

    /** Lines of one offset range on their way to the archive; a file is created at its first line only. */
    public final class Staging implements Closeable {
        private final Path valid;
        private final Path rejects;
        private final Path tmpValid;
        private final Path tmpRejects;
        private OutputStream validOut;
        private OutputStream rejectOut;
        private long validCount;
        private long rejectCount;

        private Staging(Path valid, Path rejects) {
            this.valid = valid;
            this.rejects = rejects;
            this.tmpValid = temporary(valid);
            this.tmpRejects = temporary(rejects);
        }

        public void add(TriagedLine line) throws IOException {
            if (line.fate() == TriagedLine.Fate.DUPLICATE) {
                // Its first copy is archived: the archive holds every line the server wrote once.
                return;
            }
            if (line.fate() == TriagedLine.Fate.REJECTED) {
                if (rejectOut == null) {
                    rejectOut = open(tmpRejects);
                }
                rejectOut.write(utf8(line.reject().reason()));
                rejectOut.write('\t');
                rejectOut.write(utf8(escape(line.raw())));
                rejectOut.write('\n');
                rejectCount++;
            } else {
                if (validOut == null) {
                    validOut = open(tmpValid);
                }
                validOut.write(utf8(line.raw()));
                validOut.write('\n');
                validCount++;
            }
        }

        /** Closes the temporary files; what they hold is published, or discarded, by name. */
        public Staged staged() throws IOException {
            close();
            return new Staged(tmpValid.toString(), valid.toString(), validCount, tmpRejects.toString(),
                    rejects.toString(), rejectCount);
        }

        @Override
        public void close() throws IOException {
            try (OutputStream v = validOut; OutputStream r = rejectOut) {
                validOut = null;
                rejectOut = null;
            }
        }
    }

    /**
     * Moves staged files into place, unless an earlier run of the batch already did (the ledger gave it the same
     * time and offsets, so the same lines): HDFS's rename does not overwrite, so that copy is discarded.
     */
    public Written publish(Staged staged) throws IOException {
        FileSystem fs = fileSystem();
        boolean newValid = publish(fs, new Path(staged.tmpValid()), new Path(staged.valid()), staged.validLines());
        boolean newRejects = publish(fs, new Path(staged.tmpRejects()), new Path(staged.rejects()),
                staged.rejectLines());
        return new Written(newValid ? staged.validLines() : 0, newRejects ? staged.rejectLines() : 0);
    }

    /** Deletes staged files that will not be published: the batch's lines were screened again. */
    public void discard(Staged staged) throws IOException {
        FileSystem fs = fileSystem();
        fs.delete(new Path(staged.tmpValid()), false);
        fs.delete(new Path(staged.tmpRejects()), false);
    }

    private FileSystem fileSystem() throws IOException {
        return FileSystem.get(URI.create(root), hadoopConfiguration());
    }

    private OutputStream open(Path path) throws IOException {
        FSDataOutputStream out = fileSystem().create(path, true);
        return new BufferedOutputStream(out, 1 << 16);
    }

    /**
     * A line's bytes as {@code String.getBytes} makes them: for an ASCII line that is one vectorised copy, where a
     * {@code Writer}'s encoder went char by char, 5 % of the job's CPU samples.
     */
    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
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

    /** Moves the file into place unless an earlier run of this batch already did; says whether it did now. */
    private static boolean publish(FileSystem fs, Path tmp, Path target, long lines) throws IOException {
        if (lines == 0) {
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
