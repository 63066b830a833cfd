package io.logpulse.job;

import io.logpulse.clean.TriagedLine;
import io.logpulse.ingest.AppliedLines;
import io.logpulse.ingest.ByteRanges;
import io.logpulse.ingest.LineId;
import io.logpulse.ingest.LineSummary;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** One {@link LineSummary} per partition of a batch's triaged lines, for the batch's plan. */
final class LineSummaries {

    private LineSummaries() {
    }

    static Iterator<LineSummary> of(Iterator<TriagedLine> lines) {
        Map<String, ByteRanges> bySource = new HashMap<>();
        long maxEventMs = Long.MIN_VALUE;
        while (lines.hasNext()) {
            TriagedLine line = lines.next();
            LineId id = line.id();
            if (id != null) {
                bySource.merge(id.source(), ByteRanges.of(id.start(), id.end()), ByteRanges::plus);
            }
            if (line.counted()) {
                maxEventMs = Math.max(maxEventMs, line.event().event().time().toEpochMilli());
            }
        }
        return List.of(new LineSummary(AppliedLines.of(bySource), maxEventMs)).iterator();
    }
}
