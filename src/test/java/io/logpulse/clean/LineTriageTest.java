package io.logpulse.clean;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.logpulse.config.LogPulseConfig;
import io.logpulse.counters.Counter;
import io.logpulse.counters.CounterCell;
import io.logpulse.counters.CounterSet;
import io.logpulse.counters.CounterTables;
import io.logpulse.counters.PipelineStatsCounter;
import io.logpulse.event.AccessLogParser;
import io.logpulse.ingest.LineId;
import io.logpulse.ingest.LineOrigin;
import io.logpulse.event.Reject;
import io.logpulse.job.PipelineGraph;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/** The per-line path as the job builds it: every line gets a fate and its cells, and no line can throw. */
public class LineTriageTest {

    private static final Instant BATCH = Instant.parse("2026-11-21T10:00:00Z");
    private static final LineTriage TRIAGE = PipelineGraph.lineTriage(LogPulseConfig.defaults());

    private static String jsonLine(String timeField, String time) {
        return "{\"client_ip\":\"203.0.113.9\",\"status\":\"200\",\"host\":\"www.shop.example\",\"" + timeField
                + "\":\"" + time + "\"}";
    }

    private static void assertRejected(String reason, TriagedLine line) {
        assertEquals(line.toString(), TriagedLine.Fate.REJECTED, line.fate());
        assertEquals(reason, line.reject().reason());
        assertNull(line.event());
        assertEquals(List.of(
                        new CounterCell(CounterTables.PIPELINE_STATS, "20261121", "rejected_" + reason, 1),
                        new CounterCell(CounterTables.PIPELINE_STATS, "20261121", CounterTables.REJECTED, 1)),
                line.cells());
    }

    @Test
    public void aLineOfTheBatchsDayCountsWithItsCells() {
        TriagedLine line = TRIAGE.triage(jsonLine("time", String.valueOf(BATCH.getEpochSecond() - 60)), BATCH);
        assertTrue(line.counted());
        assertTrue(line.cells().contains(CounterCell.one(CounterTables.HOST_STATS, "20261121_www.shop.example",
                CounterTables.REQUEST_COUNT)));
        assertTrue(line.cells().contains(CounterCell.one(CounterTables.PIPELINE_STATS, "20261121", CounterTables.VALID)));
    }

    @Test
    public void aScannersRequestWithNoStatusByAHostNamedClientStillCountsForItsHost() {
        TriagedLine line = TRIAGE.triage("scanner.example.net - - [21/Nov/2026:09:59:00 +0000] \"\\x16\\x03\\x01\" - 0"
                + " \"-\" \"-\" 0.001 www.shop.example", BATCH);
        assertTrue(line.toString(), line.counted());
        assertEquals("scanner.example.net", line.event().clientIp());
        assertEquals(0, line.event().statusClass());
        assertTrue(line.cells().contains(CounterCell.one(CounterTables.HOST_STATS, "20261121_www.shop.example",
                CounterTables.REQUEST_COUNT)));
    }

    @Test
    public void theDeclaredFormatAndClientSourceOfTheConfigurationReachTheTriage() {
        LineTriage declared = PipelineGraph.lineTriage(LogPulseConfig.fromMap(java.util.Map.of(
                "logpulse.log.format", "$remote_addr [$time_local] $status $host \"$http_x_forwarded_for\"",
                "logpulse.client.ip", "x-forwarded-for")));
        TriagedLine line = declared.triage("10.0.0.3 [21/Nov/2026:09:59:00 +0000] 404 www.shop.example \"198.51.100.4\"", BATCH);
        assertTrue(line.toString(), line.counted());
        assertEquals("198.51.100.4", line.event().clientIp());
        assertEquals("www.shop.example", line.event().host());
    }

    @Test
    public void anEpochTimeInTheYear10000IsRejectedAsOutOfRangeInsteadOfMakingANinePlaceDayKey() {
        assertRejected(Reject.TIME_OUT_OF_RANGE, TRIAGE.triage(jsonLine("time", "253402300800"), BATCH));
    }

    @Test
    public void anIsoTimeAtTheEndOfTimeIsRejectedAsOutOfRangeBeforeTheCleanerCanFailOnIt() {
        assertRejected(Reject.TIME_OUT_OF_RANGE,
                TRIAGE.triage(jsonLine("time_iso8601", "+999999999-12-31T23:59:59-18:00"), BATCH));
    }

    @Test
    public void replayingLastMonthsLogsStillCountsThem() {
        Instant lastMonth = BATCH.minus(Duration.ofDays(31));
        TriagedLine line = TRIAGE.triage(jsonLine("time", String.valueOf(lastMonth.getEpochSecond())), BATCH);
        assertTrue(line.toString(), line.counted());
        assertEquals("20261021", line.event().dayKey());
    }

    @Test
    public void theRangeEndsAreIncludedAndASecondPastEitherIsRejected() {
        long oldest = BATCH.minus(Duration.ofDays(400)).getEpochSecond();
        long newest = BATCH.plus(Duration.ofHours(24)).getEpochSecond();
        assertTrue(TRIAGE.triage(jsonLine("time", String.valueOf(oldest)), BATCH).counted());
        assertTrue(TRIAGE.triage(jsonLine("time", String.valueOf(newest)), BATCH).counted());
        assertRejected(Reject.TIME_OUT_OF_RANGE, TRIAGE.triage(jsonLine("time", String.valueOf(oldest - 1)), BATCH));
        assertRejected(Reject.TIME_OUT_OF_RANGE, TRIAGE.triage(jsonLine("time", String.valueOf(newest + 1)), BATCH));
    }

    @Test
    public void theRangeIsMeasuredFromTheBatchTimeNotFromTheWallClock() {
        Instant batchIn2020 = Instant.parse("2020-05-30T16:00:00Z");
        TriagedLine line = TRIAGE.triage(jsonLine("time_iso8601", "2020-05-30T15:50:25Z"), batchIn2020);
        assertTrue(line.toString(), line.counted());
        assertRejected(Reject.TIME_OUT_OF_RANGE, TRIAGE.triage(jsonLine("time_iso8601", "2020-05-30T15:50:25Z"), BATCH));
    }

    @Test
    public void theRangeComesFromTheConfiguration() {
        LineTriage strict = PipelineGraph.lineTriage(LogPulseConfig.fromMap(Map.of(
                "logpulse.time.max.age.days", "1", "logpulse.time.max.ahead.hours", "1")));
        long twoDaysAgo = BATCH.minus(Duration.ofDays(2)).getEpochSecond();
        long twoHoursAhead = BATCH.plus(Duration.ofHours(2)).getEpochSecond();
        assertRejected(Reject.TIME_OUT_OF_RANGE, strict.triage(jsonLine("time", String.valueOf(twoDaysAgo)), BATCH));
        assertRejected(Reject.TIME_OUT_OF_RANGE, strict.triage(jsonLine("time", String.valueOf(twoHoursAhead)), BATCH));
        assertTrue(TRIAGE.triage(jsonLine("time", String.valueOf(twoDaysAgo)), BATCH).counted());
    }

    @Test
    public void aHostTooLongForARowKeyRejectsTheLineInsteadOfSharingARowWithOthers() {
        String raw = "{\"client_ip\":\"203.0.113.9\",\"status\":\"200\",\"time\":\"" + BATCH.getEpochSecond()
                + "\",\"host\":\"" + "h".repeat(256) + "\"}";
        assertRejected(Reject.FIELD_TOO_LONG, TRIAGE.triage(raw, BATCH));
    }

    @Test
    public void aCountryTooLongForARowKeyRejectsTheLineWhateverItsStatus() {
        for (String status : new String[] {"200", "101", "404"}) {
            String raw = "{\"client_ip\":\"203.0.113.9\",\"status\":\"" + status + "\",\"time\":\""
                    + BATCH.getEpochSecond() + "\",\"geoip_country_code\":\"" + "c".repeat(262) + "\"}";
            assertRejected(Reject.FIELD_TOO_LONG, TRIAGE.triage(raw, BATCH));
        }
    }

    @Test
    public void aHostHoldingHalfASurrogatePairIsABadField() {
        String raw = "{\"client_ip\":\"203.0.113.9\",\"status\":\"200\",\"time\":\"" + BATCH.getEpochSecond()
                + "\",\"host\":\"a\\ud800b\"}";
        assertRejected(Reject.BAD_FIELD, TRIAGE.triage(raw, BATCH));
    }

    @Test
    public void aHostWithAnUnderscoreKeepsItInItsRow() {
        String raw = "{\"client_ip\":\"203.0.113.9\",\"status\":\"200\",\"time\":\"" + BATCH.getEpochSecond()
                + "\",\"host\":\"api_1.shop.example\"}";
        assertTrue(TRIAGE.triage(raw, BATCH).cells().contains(CounterCell.one(CounterTables.HOST_STATS,
                "20261121_api_1.shop.example", CounterTables.REQUEST_COUNT)));
    }

    @Test
    public void aKafkaRecordWithoutAValueIsAnEmptyRejectWhoseRawLineIsEmpty() {
        TriagedLine line = TRIAGE.triage(null, BATCH);
        assertRejected(Reject.EMPTY, line);
        assertEquals("", line.raw());
        assertEquals("", line.reject().raw());
    }

    @Test
    public void aParserRejectKeepsItsReasonAndIsCounted() {
        assertRejected(Reject.UNKNOWN_FORMAT, TRIAGE.triage("hello", BATCH));
    }

    @Test
    public void aStepThatThrowsAfterParsingBecomesAnInternalErrorRejectKeepingTheLine() {
        Counter failing = event -> {
            throw new IllegalStateException("counter bug");
        };
        LineTriage triage = new LineTriage(new AccessLogParser(), LogPulseConfig.defaults().requestTimeRange(),
                new EventCleaner(), Blacklist.empty(), new CounterSet(List.of(failing)),
                new PipelineStatsCounter(ZoneOffset.UTC));
        String raw = jsonLine("time", String.valueOf(BATCH.getEpochSecond()));
        TriagedLine line = triage.triage(raw, BATCH);
        assertRejected(Reject.INTERNAL_ERROR, line);
        assertEquals(raw, line.raw());
        assertTrue(line.reject().detail(), line.reject().detail().contains("counter bug"));
    }

    @Test
    public void aBlacklistedClientCountsOnlyAsBlacklisted() {
        LineTriage triage = new LineTriage(new AccessLogParser(), LogPulseConfig.defaults().requestTimeRange(),
                new EventCleaner(), Blacklist.of(List.of("203.0.113.9")), CounterSet.standard(),
                new PipelineStatsCounter(ZoneOffset.UTC));
        TriagedLine line = triage.triage(jsonLine("time", String.valueOf(BATCH.getEpochSecond())), BATCH);
        assertEquals(TriagedLine.Fate.BLACKLISTED, line.fate());
        assertEquals(List.of(CounterCell.one(CounterTables.PIPELINE_STATS, "20261121", CounterTables.BLACKLISTED)),
                line.cells());
    }

    @Test
    public void aBlacklistedAddressMatchesHoweverEitherSideSpellsIt() {
        LineTriage triage = new LineTriage(new AccessLogParser(), LogPulseConfig.defaults().requestTimeRange(),
                new EventCleaner(), Blacklist.of(List.of("2001:0db8::0:1")), CounterSet.standard(),
                new PipelineStatsCounter(ZoneOffset.UTC));
        for (String client : List.of("2001:db8::1", "2001:0DB8:0:0::1")) {
            assertEquals(client, TriagedLine.Fate.BLACKLISTED, triage.triage(fromClient(client), BATCH).fate());
        }
        assertEquals(TriagedLine.Fate.COUNTED, triage.triage(fromClient("::ffff:203.0.113.9"), BATCH).fate());
    }

    private static String fromClient(String client) {
        return client + " - - [21/Nov/2026:09:59:00 +0000] \"GET /a HTTP/1.1\" 200 10 \"-\" \"curl\"";
    }

    private static final String HOSTLESS = "203.0.113.5 - - [21/Nov/2026:09:59:00 +0000] \"GET /a HTTP/1.1\" 200 10"
            + " \"-\" \"curl\"";

    @Test
    public void aLineWithoutAHostCountsUnderTheServerItsAgentNames() {
        LineOrigin origin = new LineOrigin(new LineId("web7:42", 0, 100), "web7", 0);
        TriagedLine line = TRIAGE.triage(HOSTLESS, BATCH, origin);
        assertEquals(TriagedLine.Fate.COUNTED, line.fate());
        assertEquals("web7", line.event().host());
        assertEquals(origin.id(), line.id());
    }

    @Test
    public void aLineWithoutAHostOrAgentCountsUnderTheConfiguredServerName() {
        LineTriage named = new LineTriage(new AccessLogParser(), LogPulseConfig.defaults().requestTimeRange(),
                new EventCleaner(), Blacklist.empty(), CounterSet.standard(), new PipelineStatsCounter(ZoneOffset.UTC),
                "edge-3");
        assertEquals("edge-3", named.triage(HOSTLESS, BATCH).event().host());
    }

    @Test
    public void aLineTheAgentCutIsRejectedAsCutAtTheSource() {
        TriagedLine line = TRIAGE.triage("x".repeat(1000), BATCH, new LineOrigin(null, "web7", 2_000_000));
        assertRejected(Reject.CUT_AT_SOURCE, line);
        assertTrue(line.reject().detail(), line.reject().detail().contains("2000000 bytes"));
    }
}
