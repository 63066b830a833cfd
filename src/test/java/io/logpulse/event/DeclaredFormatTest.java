package io.logpulse.event;

import static io.logpulse.event.FormatTesting.parser;
import static io.logpulse.event.FormatTesting.rejected;
import static io.logpulse.event.FormatTesting.valid;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.time.Instant;
import org.junit.Test;

public class DeclaredFormatTest {

    private static final String NGINX = "$remote_addr - $remote_user [$time_local] \"$request\" $status $body_bytes_sent"
            + " \"$http_referer\" \"$http_user_agent\" $request_time $host $server_name \"$http_x_forwarded_for\"";
    private static final String NGINX_LINE = "192.0.2.44 - bob [21/Nov/2026:10:15:30 +0100] \"GET /product/9.html?s=1 HTTP/2.0\""
            + " 200 5316 \"-\" \"curl/8.5.0\" 0.0305 shop.example.com edge-3 \"203.0.113.5, 10.0.0.1\"";

    @Test
    public void anNginxFormatReadsItsExtraFieldsByPosition() {
        AccessEvent e = valid(parser(NGINX), NGINX_LINE);
        assertEquals(Instant.parse("2026-11-21T09:15:30Z"), e.time());
        assertEquals("192.0.2.44", e.clientIp());
        assertEquals("/product/9.html", e.path());
        assertEquals("s=1", e.query());
        assertEquals("HTTP/2.0", e.protocol());
        assertEquals(5316, e.bytes());
        assertNull(e.referer());
        assertEquals("curl/8.5.0", e.userAgent());
        assertEquals(31, e.requestTimeMs());
        assertEquals("shop.example.com", e.host());
        assertEquals("edge-3", e.server());
    }

    @Test
    public void aQuotedFieldIsTakenAsWrittenUnlessItHoldsAnEscapeWhichIsDecoded() {
        String format = "$remote_addr [$time_local] \"$request\" $status \"$http_referer\" \"$http_user_agent\"";
        AccessEvent e = valid(parser(format), "192.0.2.44 [21/Nov/2026:10:15:30 +0000] \"GET /caf\\xC3\\xA9 HTTP/1.1\""
                + " 200 \"https://a.example/\" \"say \\\"hi\\\" \\\\ ok\"");
        assertEquals("/caf\u00e9", e.path());
        assertEquals("https://a.example/", e.referer());
        assertEquals("say \"hi\" \\ ok", e.userAgent());
        assertEquals(Reject.TRUNCATED, rejected(parser(format),
                "192.0.2.44 [21/Nov/2026:10:15:30 +0000] \"GET / HTTP/1.1\" 200 \"-\" \"never closed").reason());
    }

    @Test
    public void theForwardedForIsTheClientWhenConfiguredSo() {
        AccessLogParser forwarded = new AccessLogParser(java.time.ZoneOffset.UTC, NGINX, ClientIpSource.X_FORWARDED_FOR);
        assertEquals("203.0.113.5", valid(forwarded, NGINX_LINE).clientIp());
    }

    @Test
    public void anApacheFormatReadsMicrosecondsAndTheVirtualHost() {
        AccessEvent e = valid(parser("%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-agent}i\" %D %v"),
                "192.0.2.44 - - [21/Nov/2026:10:15:30 +0000] \"GET / HTTP/1.1\" 404 - \"https://example.org/\" \"Wget\" 1500 www.example.com");
        assertEquals(2, e.requestTimeMs());
        assertEquals("www.example.com", e.host());
        assertEquals("https://example.org/", e.referer());
        assertEquals(AccessEvent.UNKNOWN_BYTES, e.bytes());
    }

    @Test
    public void apacheRequestTimeComesInSecondsMillisecondsOrMicroseconds() {
        String line = "192.0.2.44 [21/Nov/2026:10:15:30 +0000] 200 3";
        assertEquals(3000, valid(parser("%h %t %>s %T"), line).requestTimeMs());
        assertEquals(3, valid(parser("%h %t %>s %{ms}T"), line).requestTimeMs());
        assertEquals(0, valid(parser("%h %t %>s %{us}T"), line).requestTimeMs());
    }

    @Test
    public void unknownVariablesAreReadPastAndDropped() {
        AccessEvent e = valid(parser("$remote_addr [$time_local] $upstream_addr \"$http_cookie\" $status $whatever"),
                "192.0.2.44 [21/Nov/2026:10:15:30 +0000] 10.0.0.5:8080 \"a=b; c=d\" 503 x");
        assertEquals(503, e.status());
        assertNull(e.method());
    }

    @Test
    public void severalUpstreamsJoinedByCommaSpaceAreOneField() {
        AccessEvent e = valid(parser("$remote_addr [$time_local] $upstream_addr $upstream_status $status $request_time"),
                "192.0.2.44 [21/Nov/2026:10:15:30 +0000] 10.0.0.5:8080, 10.0.0.6:8080 502, 200 200 0.010");
        assertEquals(200, e.status());
        assertEquals(10, e.requestTimeMs());
    }

    @Test
    public void theRequestMayBeLoggedInParts() {
        AccessEvent nginx = valid(parser("$remote_addr $time_iso8601 $request_method $request_uri $server_protocol $status"),
                "192.0.2.44 2026-11-21T10:15:30+01:00 PUT /api/items/4?force=1 HTTP/1.1 204");
        assertEquals("PUT", nginx.method());
        assertEquals("/api/items/4", nginx.path());
        assertEquals("force=1", nginx.query());
        assertEquals("HTTP/1.1", nginx.protocol());
        assertEquals(Instant.parse("2026-11-21T09:15:30Z"), nginx.time());
        AccessEvent apache = valid(parser("%a %{sec}t %m \"%U\" \"%q\" %H %s"),
                "192.0.2.44 1795256130 DELETE \"/api/items/4\" \"?force=1\" HTTP/1.1 204");
        assertEquals("/api/items/4", apache.path());
        assertEquals("force=1", apache.query());
        assertEquals(Instant.ofEpochSecond(1795256130L), apache.time());
    }

    @Test
    public void aFieldDeclaredTwiceKeepsItsFirstValue() {
        AccessEvent e = valid(parser("%h %a %t %{sec}t %>s"), "192.0.2.1 198.51.100.2 [21/Nov/2026:10:15:30 +0000] 1 200");
        assertEquals("192.0.2.1", e.clientIp());
        assertEquals(Instant.parse("2026-11-21T10:15:30Z"), e.time());
    }

    @Test
    public void nginxMsecTimesKeepTheirMilliseconds() {
        assertEquals(Instant.ofEpochSecond(1795256130L, 123_000_000L),
                valid(parser("$msec $remote_addr $status"), "1795256130.123 192.0.2.44 200").time());
    }

    @Test
    public void aWholePastedDirectiveWorksAsItsFormatString() {
        String line = "192.0.2.44 - - [21/Nov/2026:10:15:30 +0000] \"GET / HTTP/1.1\" 200 12 0.004";
        assertEquals(4, valid(parser("log_format timed '$remote_addr - $remote_user [$time_local] '\n"
                + "    '\"$request\" $status $body_bytes_sent $request_time';"), line).requestTimeMs());
        assertEquals(4000, valid(parser("LogFormat \"%h %l %u %t \\\"%r\\\" %>s %b %T\" timed"),
                line.replace("0.004", "4")).requestTimeMs());
    }

    @Test
    public void aDoublePercentIsALiteralPercentInApacheFormats() {
        assertEquals("192.0.2.44", valid(parser("%%%h %t %>s"), "%192.0.2.44 [21/Nov/2026:10:15:30 +0000] 200").clientIp());
    }

    @Test
    public void aLineThatDoesNotFollowTheFormatSaysWhere() {
        Reject reject = rejected(parser("$remote_addr <$time_local> $status"), "192.0.2.44 [21/Nov/2026:10:15:30 +0000] 200");
        assertEquals(Reject.FORMAT_MISMATCH, reject.reason());
        assertTrue(reject.detail(), reject.detail().contains("offset 11"));
        assertEquals(Reject.WRONG_FIELD_COUNT, rejected(parser("$remote_addr [$time_local] $status"),
                "192.0.2.44 [21/Nov/2026:10:15:30 +0000] 200 extra").reason());
    }

    @Test
    public void aParserOfADeclaredFormatSurvivesSerialisationToTheExecutors() throws Exception {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(parser(NGINX));
        }
        try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            assertEquals(31, valid((AccessLogParser) in.readObject(), NGINX_LINE).requestTimeMs());
        }
    }

    @Test
    public void aFormatWithoutClientTimeOrStatusIsRefused() {
        assertRefused("[$time_local] $status", "no client address");
        assertRefused("$remote_addr $status", "no time");
        assertRefused("%h %t %b", "no status");
        assertRefused("hello", "no client address");
    }

    @Test
    public void fieldsWithNothingBetweenThemAreRefused() {
        assertRefused("$remote_addr [$time_local] $status$body_bytes_sent", "nothing between them");
    }

    @Test
    public void unclosedBracesAndLonePercentsAreRefused() {
        assertRefused("${remote_addr [$time_local] $status", "no closing '}'");
        assertRefused("%h %t %>s %{Referer", "no closing '}'");
        assertRefused("%h %t %>s 100%", "not followed by a directive");
    }

    private static void assertRefused(String format, String because) {
        try {
            parser(format);
            fail("expected '" + format + "' to be refused");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains(because));
        }
    }
}
