package io.logpulse.event;

import static io.logpulse.event.FormatTesting.rejected;
import static io.logpulse.event.FormatTesting.valid;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;

import java.time.ZoneOffset;
import org.junit.Test;

public class CombinedLogFormatTest {

    private static final String LINE = "198.51.100.23 - - [03/Mar/2026:07:08:09 +0000] \"POST /cart/add HTTP/1.1\" 302 0"
            + " \"https://shop.example.com/product/7.html\" \"Mozilla/5.0 (X11; Linux x86_64)\"";

    private final AccessLogParser combined = FormatTesting.parser("combined");

    @Test
    public void aPlainCombinedLineGivesRefererAndUserAgent() {
        AccessEvent e = valid(combined, LINE);
        assertEquals("POST", e.method());
        assertEquals("/cart/add", e.path());
        assertEquals(302, e.status());
        assertEquals(0, e.bytes());
        assertEquals("https://shop.example.com/product/7.html", e.referer());
        assertEquals("Mozilla/5.0 (X11; Linux x86_64)", e.userAgent());
        assertFalse(e.hasRequestTime());
    }

    @Test
    public void extraFieldsAfterTheUserAgentAreIgnored() {
        AccessEvent plain = valid(combined, LINE);
        for (String extras : new String[] {" \"-\"", " \"192.0.2.7, 10.1.1.1\"", " -", " \"0.25\" \"TLSv1.3\" \"DE\"",
                " 451 0.031 [shop-web-8080] [] 10.2.0.5:8080 118 0.030 200 3f9c1e", " req-77 2513", "  293"}) {
            assertEquals(extras, plain, valid(combined, LINE + extras));
        }
    }

    @Test
    public void extrasThatDoNotSplitCleanlyAreIgnoredNotRefused() {
        AccessEvent e = valid(combined, LINE + " X-Forwarded-For=\"192.0.2.7\" \"never closed");
        assertEquals("198.51.100.23", e.clientIp());
    }

    @Test
    public void twoUnquotedExtrasEndingInAHostAreTheGeneratorsRequestTimeAndHost() {
        AccessEvent e = valid(combined, LINE + " 0.125 shop.example.com");
        assertEquals(125, e.requestTimeMs());
        assertEquals("shop.example.com", e.host());
        assertEquals(Reject.BAD_REQUEST_TIME, rejected(combined, LINE + " soon shop.example.com").reason());
    }

    @Test
    public void aQuotedAddressListFirstIsTheForwardedForWhenThatIsTheClientSource() {
        AccessLogParser forwarded = new AccessLogParser(ZoneOffset.UTC, "combined", ClientIpSource.X_FORWARDED_FOR);
        assertEquals("192.0.2.7", valid(forwarded, LINE + " \"10.1.1.1, 192.0.2.7, 172.16.0.3\"").clientIp());
        assertEquals("198.51.100.23", valid(forwarded, LINE + " \"10.1.1.1\"").clientIp());
        assertEquals("198.51.100.23", valid(forwarded, LINE + " \"-\"").clientIp());
        assertEquals("198.51.100.23", valid(combined, LINE + " \"192.0.2.7\"").clientIp());
    }

    @Test
    public void refererAndUserAgentMayBeBareDashes() {
        AccessEvent e = valid(combined, LINE.substring(0, LINE.indexOf(" \"https")) + " - -");
        assertNull(e.referer());
        assertNull(e.userAgent());
    }

    @Test
    public void aStatusWrittenAsDashCountsWithoutAStatusClass() {
        AccessEvent e = valid(combined, LINE.replace(" 302 0 ", " - 0 "));
        assertEquals(AccessEvent.UNKNOWN_STATUS, e.status());
        assertFalse(e.hasStatus());
    }

    @Test
    public void textGluedToAClosingQuoteIsAnInjectedQuote() {
        assertEquals(Reject.BAD_QUOTES, rejected(combined, LINE.replace("\"Mozilla/5.0", "\"Mozilla\"/5.0")).reason());
    }

    @Test
    public void aCommonLineIsNotCombined() {
        assertEquals(Reject.WRONG_FIELD_COUNT, rejected(combined, LINE.substring(0, LINE.indexOf(" \"https"))).reason());
    }
}
