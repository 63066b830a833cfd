package io.logpulse.event;

import static io.logpulse.event.FormatTesting.rejected;
import static io.logpulse.event.FormatTesting.valid;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Instant;
import org.junit.Test;

public class TabSeparatedFormatTest {

    private static final String LINE = "192.0.2.8\t2026-03-03 07:08:09\t\"GET /product/42.html HTTP/1.1\"\t200\thttps://www.bing.com/";

    private final AccessLogParser tsv = FormatTesting.parser("tsv");

    @Test
    public void aSeedLineGivesClientTimeRequestStatusAndReferer() {
        AccessEvent e = valid(tsv, LINE);
        assertEquals(Instant.parse("2026-03-03T07:08:09Z"), e.time());
        assertEquals("/product/42.html", e.path());
        assertEquals("HTTP/1.1", e.protocol());
        assertEquals("https://www.bing.com/", e.referer());
        assertEquals(AccessEvent.UNKNOWN_BYTES, e.bytes());
    }

    @Test
    public void aBrokenRequestIsABrokenRecordHereNotAScanner() {
        assertEquals(Reject.BAD_REQUEST, rejected(tsv, LINE.replace("\"GET /product/42.html HTTP/1.1\"", "\"-\"")).reason());
    }

    @Test
    public void itIsTheFormatOfLinesWithATab() {
        TabSeparatedFormat format = new TabSeparatedFormat(java.time.ZoneOffset.UTC);
        assertTrue(format.accepts(LINE));
        assertFalse(format.accepts("192.0.2.8 - - [03/Mar/2026:07:08:09 +0000] \"GET / HTTP/1.1\" 200 1"));
    }
}
