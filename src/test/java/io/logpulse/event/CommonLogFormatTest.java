package io.logpulse.event;

import static io.logpulse.event.FormatTesting.rejected;
import static io.logpulse.event.FormatTesting.valid;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.time.Instant;
import org.junit.Test;

public class CommonLogFormatTest {

    private static final String LINE = "198.51.100.23 - carol [03/Mar/2026:07:08:09 +0200] \"GET /docs/index.html?v=2 HTTP/1.0\" 200 4821";

    private final AccessLogParser common = FormatTesting.parser("common");
    private final AccessLogParser auto = FormatTesting.parser("auto");

    @Test
    public void aCommonLineGivesEveryFieldButRefererAndUserAgent() {
        AccessEvent e = valid(common, LINE);
        assertEquals(Instant.parse("2026-03-03T05:08:09Z"), e.time());
        assertEquals("198.51.100.23", e.clientIp());
        assertEquals("GET", e.method());
        assertEquals("/docs/index.html", e.path());
        assertEquals("v=2", e.query());
        assertEquals("HTTP/1.0", e.protocol());
        assertEquals(200, e.status());
        assertEquals(4821, e.bytes());
        assertNull(e.referer());
        assertNull(e.userAgent());
    }

    @Test
    public void autoDetectionReadsCommonLinesToo() {
        assertEquals(valid(common, LINE), valid(auto, LINE));
    }

    @Test
    public void identAndUserMayBeAnyWord() {
        assertEquals(200, valid(common, LINE.replace("- carol", "identd-said carol")).status());
    }

    @Test
    public void bytesWrittenAsDashAreUnknown() {
        assertEquals(AccessEvent.UNKNOWN_BYTES, valid(common, LINE.replace(" 4821", " -")).bytes());
    }

    @Test
    public void wideGapsBetweenFieldsCountAsOneGap() {
        AccessEvent e = valid(common, LINE.replace(" ", "  ").replace("GET  /docs/index.html?v=2  HTTP/1.0", "GET /docs/index.html?v=2 HTTP/1.0"));
        assertEquals("/docs/index.html", e.path());
        assertEquals(Instant.parse("2026-03-03T05:08:09Z"), e.time());
    }

    @Test
    public void aLineThatGoesOnAfterTheBytesIsNotCommon() {
        assertEquals(Reject.WRONG_FIELD_COUNT, rejected(common, LINE + " \"-\" \"curl/8.5.0\"").reason());
    }

    @Test
    public void aLineThatEndsBeforeTheBytesIsRefused() {
        assertEquals(Reject.WRONG_FIELD_COUNT, rejected(common, LINE.replace(" 4821", "")).reason());
    }

    @Test
    public void theSniffWantsThreeWordsAndThenABracket() {
        assertTrue(CommonLogFormat.looksLikeClf(LINE));
        assertTrue(CommonLogFormat.looksLikeClf("a  b  c  [x"));
        assertFalse(CommonLogFormat.looksLikeClf("a b [x"));
        assertFalse(CommonLogFormat.looksLikeClf("a b c d [x"));
        assertFalse(CommonLogFormat.looksLikeClf(" a b c [x"));
        assertFalse(CommonLogFormat.looksLikeClf("a b c "));
    }
}
