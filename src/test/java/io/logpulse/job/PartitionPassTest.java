package io.logpulse.job;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.logpulse.archive.RawArchive;
import io.logpulse.clean.LineTriage;
import io.logpulse.clean.TriagedLine;
import io.logpulse.config.LogPulseConfig;
import io.logpulse.counters.CounterCell;
import io.logpulse.counters.CounterTables;
import io.logpulse.counters.PipelineStatsCounter;
import io.logpulse.event.Reject;
import io.logpulse.ingest.AppliedLines;
import io.logpulse.ingest.ByteRanges;
import io.logpulse.ingest.LineId;
import io.logpulse.ingest.LineOrigin;
import io.logpulse.ingest.SourcedLine;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The one pass over a partition, without Spark: its digest must say what triaging and screening each line on its
 * own says, summed; its staged files must hold every line once, and nothing may be in place before a publish.
 */
public class PartitionPassTest {

    private static final Instant BATCH = Instant.parse("2026-11-21T10:00:00Z");
    private static final LogPulseConfig CONFIG = LogPulseConfig.defaults();
    private static final LineTriage TRIAGE = PipelineGraph.lineTriage(CONFIG);
    private static final String SOURCE = "web1:4711";

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    private static String line(String ip, int status, String time) {
        return ip + " - - [21/Nov/2026:" + time + " +0000] \"GET /product/42.html HTTP/1.1\" " + status
                + " 512 \"-\" \"curl/8.5.0\" 0.120 www.shop.example";
    }

    private List<SourcedLine> lines() {
        List<SourcedLine> lines = new ArrayList<>();
        long offset = 0;
        String[] times = {"09:59:58", "09:59:59", "10:00:00", "09:50:00"};
        for (int i = 0; i < 8; i++) {
            String raw = line("203.0.113." + (i % 3), i % 4 == 3 ? 404 : 200, times[i % 4]);
            LineId id = new LineId(SOURCE, offset, offset + raw.length() + 1);
            lines.add(new SourcedLine(raw, new LineOrigin(id, null, 0)));
            offset = id.end();
        }
        lines.add(SourcedLine.of("not a log line"));
        // The first line again, as a Flume re-send delivers it.
        lines.add(lines.get(0));
        return lines;
    }

    private PartitionPass pass(RawArchive archive, AppliedLines counted, long lateBeforeMs) {
        EventTimeAlerting alerting = new EventTimeAlerting(List.of(CONFIG.clientBurstRule(),
                CONFIG.hostErrorStormRule()));
        return new PartitionPass(TRIAGE, BATCH.toEpochMilli(), List.of(counted), lateBeforeMs, alerting.rules(),
                archive, List.of("part-t-0-0"), new PipelineStatsCounter(ZoneOffset.UTC));
    }

    @Test
    public void theDigestSumsTheCellsOfEachLineTriagedOnItsOwnAndCountsTheRepeatOnceAsADuplicate() throws Exception {
        RawArchive archive = new RawArchive("file:" + folder.getRoot().getPath(), ZoneOffset.UTC);
        BatchDigest digest = pass(archive, AppliedLines.NONE, Long.MIN_VALUE).call(0, lines().iterator()).next();

        Map<CellKey, Long> expected = new HashMap<>();
        List<SourcedLine> lines = lines();
        for (SourcedLine sourced : lines.subList(0, lines.size() - 1)) {
            for (CounterCell cell : TRIAGE.triage(sourced.raw(), BATCH, sourced.origin()).cells()) {
                expected.merge(CellKey.of(cell), cell.delta(), Long::sum);
            }
        }
        expected.merge(new CellKey(CounterTables.PIPELINE_STATS, "20261121", CounterTables.DUPLICATE), 1L,
                Long::sum);
        assertEquals(expected, digest.cells());
        assertEquals(new BatchDigest.Fates(8, Map.of(Reject.UNKNOWN_FORMAT, 1L), 0, 1, 0), digest.fates());
        assertEquals(Instant.parse("2026-11-21T10:00:00Z").toEpochMilli(), digest.summary().maxEventMs());
        assertEquals(1, digest.summary().lines().bySource().get(SOURCE).size());
    }

    @Test
    public void linesCountedByAnEarlierBatchAreDuplicatesAndOldRequestsAreLate() throws Exception {
        RawArchive archive = new RawArchive("file:" + folder.getRoot().getPath(), ZoneOffset.UTC);
        LineId first = lines().get(0).origin().id();
        AppliedLines counted = AppliedLines.of(Map.of(SOURCE, ByteRanges.of(first.start(), first.end())));
        long lateBefore = Instant.parse("2026-11-21T09:55:00Z").toEpochMilli();
        BatchDigest digest = pass(archive, counted, lateBefore).call(0, lines().iterator()).next();
        // Line 0 and its re-send are copies; lines 3 and 7 (09:50) are late.
        assertEquals(new BatchDigest.Fates(7, Map.of(Reject.UNKNOWN_FORMAT, 1L), 0, 2, 2), digest.fates());
        assertEquals(Long.valueOf(2), digest.cells().get(
                new CellKey(CounterTables.PIPELINE_STATS, "20261121", CounterTables.LATE)));
    }

    @Test
    public void stagedFilesHoldEveryLineOnceAndAppearOnlyWhenPublished() throws Exception {
        RawArchive archive = new RawArchive("file:" + folder.getRoot().getPath(), ZoneOffset.UTC);
        BatchDigest digest = pass(archive, AppliedLines.NONE, Long.MIN_VALUE).call(0, lines().iterator()).next();
        Path valid = Path.of(folder.getRoot().getPath(), "dt=2026-11-21", "hour=10", "part-t-0-0.log");
        Path rejects = Path.of(folder.getRoot().getPath(), "rejects", "dt=2026-11-21", "hour=10", "part-t-0-0.tsv");
        assertFalse(Files.exists(valid));

        assertEquals(new RawArchive.Written(8, 1), archive.publish(digest.archive()));
        List<String> archived = Files.readAllLines(valid, StandardCharsets.UTF_8);
        List<SourcedLine> lines = lines();
        assertEquals(lines.subList(0, 8).stream().map(SourcedLine::raw).toList(), archived);
        assertEquals(List.of("unknown_format\tnot a log line"), Files.readAllLines(rejects, StandardCharsets.UTF_8));

        // A replay stages the same lines again; whichever copy ends in place, the archive holds them once.
        BatchDigest again = pass(archive, AppliedLines.NONE, Long.MIN_VALUE).call(0, lines().iterator()).next();
        archive.publish(again.archive());
        assertEquals(archived, Files.readAllLines(valid, StandardCharsets.UTF_8));
        assertTrue(Files.list(valid.getParent()).allMatch(file -> file.equals(valid)
                || file.getFileName().toString().endsWith(".crc")));
    }

    @Test
    public void aLineThatFailsTriageIsRejectedNotThrown() throws Exception {
        RawArchive archive = new RawArchive("file:" + folder.getRoot().getPath(), ZoneOffset.UTC);
        BatchDigest digest = pass(archive, AppliedLines.NONE, Long.MIN_VALUE)
                .call(0, List.of(SourcedLine.of(null), SourcedLine.of("\u0000\u0001")).iterator()).next();
        assertEquals(new BatchDigest.Fates(0, Map.of(Reject.EMPTY, 1L, Reject.CONTROL_CHARS, 1L), 0, 0, 0), digest.fates());
        assertEquals(TriagedLine.Fate.REJECTED, TRIAGE.triage(null, BATCH).fate());
    }
}
