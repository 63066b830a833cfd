package io.logpulse.event;

import static io.logpulse.event.FormatTesting.valid;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import java.time.ZoneOffset;
import org.junit.Test;

public class JsonLineFormatTest {

    private static final String LINE = "{\"time_iso8601\":\"2026-03-03T07:08:09+00:00\",\"remote_addr\":\"10.0.0.7\","
            + "\"http_x_forwarded_for\":\"198.51.100.4, 10.0.0.2\",\"request\":\"GET /a?b=c HTTP/1.1\",\"status\":\"200\","
            + "\"body_bytes_sent\":\"612\",\"server_protocol\":\"HTTP/1.1\"}";

    @Test
    public void bytesProtocolAndForwardedForAreRead() {
        AccessEvent e = valid(FormatTesting.parser("json"), LINE);
        assertEquals(612, e.bytes());
        assertEquals("HTTP/1.1", e.protocol());
        assertEquals("10.0.0.7", e.clientIp());
        AccessLogParser forwarded = new AccessLogParser(ZoneOffset.UTC, "json", ClientIpSource.X_FORWARDED_FOR);
        assertEquals("198.51.100.4", valid(forwarded, LINE).clientIp());
    }

    @Test
    public void aRequestThatIsNotHttpCountsWithoutMethodOrPath() {
        AccessEvent e = valid(FormatTesting.parser("json"), LINE.replace("GET /a?b=c HTTP/1.1", "\\u0016\\u0003\\u0001"));
        assertNull(e.method());
        assertNull(e.path());
        assertEquals(200, e.status());
    }

    @Test
    public void anEscapeJsonLogFormatTemplateDeclaresTheJsonFormat() {
        AccessLogParser declared = FormatTesting.parser("{\"remote_addr\":\"$remote_addr\",\"status\":\"$status\"}");
        assertEquals(200, valid(declared, LINE).status());
    }
}
