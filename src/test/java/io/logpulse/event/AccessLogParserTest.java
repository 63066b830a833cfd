package io.logpulse.event;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.Test;

public class AccessLogParserTest {

    private static final String SEED_002 =
            "43.29.63.167\t2020-05-30 15:50:25\t\"GET /product/14610854.html HTTP/1.1\"\t500\thttps://www.bing.com/search?q=ps4";
    private static final String SEED_000 =
            "{'server': 's_v3', 'client_ip': '154.85.126.16', 'method': 'PUT', 'status': '201', 'request_time': '0.28',"
                    + " 'host': 'api_38.digikala.com', 'country': 'US', '@timestamp': '1659509511.865323'}";
    private static final String NGINX_COMBINED =
            "203.0.113.9 - - [21/Nov/2026:10:15:30 +0100] \"GET /product/13817625.html?ref=home HTTP/1.1\" 200 5316"
                    + " \"https://www.google.com/search?q=ps4\""
                    + " \"Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0\"";
    private static final String NGINX_JSON =
            "{\"time_iso8601\":\"2026-11-21T10:15:30+01:00\",\"remote_addr\":\"2001:db8::17\","
                    + "\"request\":\"GET /product/12910052.html?utm=x HTTP/2.0\",\"status\":\"404\",\"body_bytes_sent\":\"153\","
                    + "\"request_time\":\"0.012\",\"http_referer\":\"https://duckduckgo.com/?q=switch\","
                    + "\"http_user_agent\":\"Mozilla/5.0 \\\"quoted\\\" \\\\ caf\\u00e9\",\"host\":\"shop.example.com\"}";

    private final AccessLogParser parser = new AccessLogParser();

    private AccessEvent valid(String line) {
        ParseResult result = parser.parse(line);
        assertTrue("expected valid, got " + result.reject(), result.isValid());
        return result.event();
    }

    private Reject rejected(String line) {
        ParseResult result = parser.parse(line);
        assertFalse("expected a reject, got " + result.event(), result.isValid());
        return result.reject();
    }

    private void assertRejected(String reason, String line) {
        assertEquals(reason, rejected(line).reason());
    }

    // ---- one test per format

    @Test
    public void seed002TabLine() {
        AccessEvent e = valid(SEED_002);
        assertEquals(Instant.parse("2020-05-30T15:50:25Z"), e.time());
        assertEquals("43.29.63.167", e.clientIp());
        assertEquals("GET", e.method());
        assertEquals("/product/14610854.html", e.path());
        assertNull(e.query());
        assertEquals(500, e.status());
        assertEquals("https://www.bing.com/search?q=ps4", e.referer());
        assertNull(e.host());
        assertEquals(-1, e.requestTimeMs());
        assertFalse(e.hasRequestTime());
    }

    @Test
    public void seed002DashRefererIsNull() {
        assertNull(valid("10.0.0.1\t2020-05-30 15:50:25\t\"GET /index.html HTTP/1.1\"\t200\t-").referer());
    }

    @Test
    public void seed002TimeReadInConfiguredZone() {
        AccessEvent e = new AccessLogParser(ZoneId.of("Asia/Tehran")).parse(SEED_002).event();
        assertEquals(Instant.parse("2020-05-30T11:20:25Z"), e.time());
    }

    @Test
    public void nginxCombinedLine() {
        AccessEvent e = valid(NGINX_COMBINED);
        assertEquals(Instant.parse("2026-11-21T09:15:30Z"), e.time());
        assertEquals("203.0.113.9", e.clientIp());
        assertEquals("GET", e.method());
        assertEquals("/product/13817625.html", e.path());
        assertEquals("ref=home", e.query());
        assertEquals(200, e.status());
        assertEquals("https://www.google.com/search?q=ps4", e.referer());
        assertEquals("Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0", e.userAgent());
        assertEquals(-1, e.requestTimeMs());
        assertNull(e.host());
    }

    @Test
    public void combinedWithRequestTimeAndHost() {
        AccessEvent e = valid(NGINX_COMBINED + " 0.0045 shop.example.com");
        assertEquals(5, e.requestTimeMs());
        assertEquals("shop.example.com", e.host());
    }

    @Test
    public void combinedWithDashRequestTime() {
        AccessEvent e = valid(NGINX_COMBINED + " - shop.example.com");
        assertEquals(-1, e.requestTimeMs());
        assertEquals("shop.example.com", e.host());
    }

    @Test
    public void combinedZoneOffsetNormalisedToUtc() {
        AccessEvent e = valid("198.51.100.4 - alice [31/Dec/2025:23:30:00 -0700] \"POST /cart HTTP/1.1\" 302 0 \"-\" \"-\"");
        assertEquals(Instant.parse("2026-01-01T06:30:00Z"), e.time());
        assertEquals("POST", e.method());
        assertNull(e.referer());
        assertNull(e.userAgent());
    }

    @Test
    public void combinedDecodesNginxHexEscapes() {
        AccessEvent e = valid("203.0.113.9 - - [21/Nov/2026:10:15:30 +0000] \"GET /caf\\xC3\\xA9 HTTP/1.1\" 200 1"
                + " \"-\" \"curl/8.5.0 \\x22injected\\x22 \\x5C\"");
        assertEquals("curl/8.5.0 \"injected\" \\", e.userAgent());
        assertEquals("/café", e.path());
    }

    @Test
    public void combinedDecodesApacheBackslashQuotes() {
        AccessEvent e = valid("203.0.113.9 - - [21/Nov/2026:10:15:30 +0000] \"GET / HTTP/1.1\" 200 1 \"-\" \"a \\\"b\\\" c\"");
        assertEquals("a \"b\" c", e.userAgent());
    }

    @Test
    public void combinedHttp09AndAbsoluteTarget() {
        assertEquals("/", valid("203.0.113.9 - - [21/Nov/2026:10:15:30 +0000] \"GET /\" 200 1 \"-\" \"-\"").path());
        AccessEvent proxied = valid("203.0.113.9 - - [21/Nov/2026:10:15:30 +0000]"
                + " \"GET http://shop.example.com/product/1.html?a=b HTTP/1.1\" 200 1 \"-\" \"-\"");
        assertEquals("/product/1.html", proxied.path());
        assertEquals("a=b", proxied.query());
    }

    @Test
    public void combinedIpv6ClientIsCanonicalised() {
        AccessEvent e = valid("2001:DB8:0:0:0:0:0:1 - - [21/Nov/2026:10:15:30 +0000] \"GET / HTTP/1.1\" 200 1 \"-\" \"-\"");
        assertEquals("2001:db8::1", e.clientIp());
    }

    @Test
    public void seed000PythonDictLine() {
        AccessEvent e = valid(SEED_000);
        assertEquals(Instant.ofEpochSecond(1659509511L, 865323000L), e.time());
        assertEquals("154.85.126.16", e.clientIp());
        assertEquals("PUT", e.method());
        assertNull(e.path());
        assertEquals(201, e.status());
        assertEquals(280, e.requestTimeMs());
        assertEquals("api_38.digikala.com", e.host());
        assertEquals("US", e.country());
        assertEquals("s_v3", e.server());
    }

    @Test
    public void nginxEscapeJsonLine() {
        AccessEvent e = valid(NGINX_JSON);
        assertEquals(Instant.parse("2026-11-21T09:15:30Z"), e.time());
        assertEquals("2001:db8::17", e.clientIp());
        assertEquals("GET", e.method());
        assertEquals("/product/12910052.html", e.path());
        assertEquals("utm=x", e.query());
        assertEquals(404, e.status());
        assertEquals(12, e.requestTimeMs());
        assertEquals("https://duckduckgo.com/?q=switch", e.referer());
        assertEquals("Mozilla/5.0 \"quoted\" \\ café", e.userAgent());
        assertEquals("shop.example.com", e.host());
    }

    @Test
    public void jsonNumbersAndEpochFraction() {
        AccessEvent e = valid("{\"client_ip\": \"10.1.2.3\", \"status\": 503, \"request_time\": 1.5, \"@timestamp\": 1659509511.25,"
                + " \"uri\": \"/product/7.html?x=1\", \"extra\": {\"nested\": [1, 2, {\"a\": null}]}, \"flag\": true}");
        assertEquals(Instant.ofEpochSecond(1659509511L, 250_000_000L), e.time());
        assertEquals(503, e.status());
        assertEquals(1500, e.requestTimeMs());
        assertEquals("/product/7.html", e.path());
        assertEquals("x=1", e.query());
        assertNull(e.method());
    }

    @Test
    public void jsonWholeEpochSecondsAndTimeLocal() {
        assertEquals(Instant.ofEpochSecond(1659509511L),
                valid("{\"client_ip\":\"10.1.2.3\",\"status\":\"200\",\"@timestamp\":\"1659509511\"}").time());
        assertEquals(Instant.parse("2026-11-21T09:15:30Z"),
                valid("{\"remote_addr\":\"10.1.2.3\",\"status\":\"200\",\"time_local\":\"21/Nov/2026:10:15:30 +0100\"}").time());
    }

    @Test
    public void jsonIsoTimeWithoutOffsetIsReadInConfiguredZone() {
        String line = "{\"remote_addr\":\"10.1.2.3\",\"status\":\"200\",\"time\":\"2026-11-21T10:15:30\"}";
        assertEquals(Instant.parse("2026-11-21T10:15:30Z"), valid(line).time());
        assertEquals(Instant.parse("2026-11-21T09:15:30Z"), new AccessLogParser(ZoneId.of("Europe/Berlin")).parse(line).event().time());
    }

    @Test
    public void jsonEmptyAndDashValuesAreAbsent() {
        AccessEvent e = valid("{\"remote_addr\":\"10.1.2.3\",\"status\":\"200\",\"time_iso8601\":\"2026-11-21T10:15:30Z\","
                + "\"http_referer\":\"\",\"request_time\":\"-\",\"host\":\"-\"}");
        assertNull(e.referer());
        assertNull(e.host());
        assertEquals(-1, e.requestTimeMs());
    }

    @Test
    public void jsonPythonDictWithHexEscapeAndNone() {
        AccessEvent e = valid("{'client_ip': '10.1.2.3', 'status': '200', '@timestamp': '1659509511', 'country': None,"
                + " 'http_user_agent': 'it\\'s caf\\xc3\\xa9'}");
        assertNull(e.country());
        assertEquals("it's café", e.userAgent());
    }

    @Test
    public void jsonLineBreakInUserAgentIsNeutralisedNotCounted() {
        AccessEvent e = valid("{\"remote_addr\":\"10.1.2.3\",\"status\":\"200\",\"time_iso8601\":\"2026-11-21T10:15:30Z\","
                + "\"http_user_agent\":\"evil\\nFAKE LOG LINE\"}");
        assertEquals("evil\uFFFDFAKE LOG LINE", e.userAgent());
    }

    @Test
    public void trailingLineEndIsIgnored() {
        assertEquals("43.29.63.167", valid(SEED_002 + "\r\n").clientIp());
    }

    @Test
    public void bytesAreDecodedAsUtf8() {
        ParseResult result = parser.parse(NGINX_JSON.getBytes(StandardCharsets.UTF_8));
        assertTrue(result.isValid());
        assertEquals("2001:db8::17", result.event().clientIp());
    }

    // ---- hostile input: each gives a reject with its reason

    @Test
    public void emptyAndBlank() {
        assertRejected(Reject.EMPTY, "");
        assertRejected(Reject.EMPTY, "   \t ");
        assertRejected(Reject.EMPTY, null);
        assertEquals(Reject.EMPTY, parser.parse(new byte[0]).reject().reason());
    }

    @Test
    public void tooLongLineKeepsATruncatedRaw() {
        String line = SEED_002 + "x".repeat(AccessLogParser.MAX_LINE_BYTES);
        Reject reject = rejected(line);
        assertEquals(Reject.TOO_LONG, reject.reason());
        assertEquals(Reject.MAX_RAW_CHARS, reject.raw().length());
        assertTrue(reject.rawTruncated());
        assertTrue(reject.detail(), reject.detail().endsWith("[raw truncated to 1024 of " + line.length() + " chars]"));
    }

    @Test
    public void tooLongCountsUtf8Bytes() {
        String line = "é".repeat(AccessLogParser.MAX_LINE_BYTES / 2 + 1);
        assertRejected(Reject.TOO_LONG, line);
        ParseResult fromBytes = parser.parse(line.getBytes(StandardCharsets.UTF_8));
        assertEquals(Reject.TOO_LONG, fromBytes.reject().reason());
    }

    @Test
    public void shortRejectIsNotMarkedTruncated() {
        Reject reject = rejected("hello world");
        assertEquals(Reject.UNKNOWN_FORMAT, reject.reason());
        assertEquals("hello world", reject.raw());
        assertFalse(reject.rawTruncated());
    }

    @Test
    public void invalidUtf8KeepsRawWithReplacementCharacters() {
        byte[] bytes = {'1', '.', '2', ' ', (byte) 0xC3, (byte) 0x28, ' ', (byte) 0xFF};
        ParseResult result = parser.parse(bytes);
        assertEquals(Reject.INVALID_UTF8, result.reject().reason());
        assertEquals("1.2 \uFFFD( \uFFFD", result.reject().raw());
    }

    @Test
    public void binaryBytesAreControlChars() {
        byte[] bytes = {'a', 0, 1, 2, '\t', 'b'};
        assertEquals(Reject.CONTROL_CHARS, parser.parse(bytes).reject().reason());
    }

    @Test
    public void embeddedNewlineGluingTwoRecords() {
        assertRejected(Reject.EMBEDDED_NEWLINE, SEED_002 + "\n" + SEED_002);
    }

    @Test
    public void wrongTabFieldCounts() {
        assertRejected(Reject.WRONG_FIELD_COUNT, "43.29.63.167\t2020-05-30 15:50:25\t\"GET / HTTP/1.1\"\t500");
        assertRejected(Reject.WRONG_FIELD_COUNT, SEED_002 + "\textra");
    }

    @Test
    public void seedBrokenDateIsBadTime() {
        Reject reject = rejected("43.87.98.63\t2020-38-05/27/20 09:38:29\t"
                + "\"GET \\product/nintendo-switch-console-with-neon-red-blue-joy-con/13817625 HTTP/1.1\"\t500"
                + "\thttps://www.bing.com/search?q=xbox");
        assertEquals(Reject.BAD_TIME, reject.reason());
        assertTrue(reject.detail(), reject.detail().contains("2020-38-05/27/20 09:38:29"));
    }

    @Test
    public void impossibleDatesAreBadTime() {
        assertRejected(Reject.BAD_TIME, SEED_002.replace("2020-05-30", "2020-02-30"));
        assertRejected(Reject.BAD_TIME, NGINX_COMBINED.replace("21/Nov/2026", "21/Foo/2026"));
        assertRejected(Reject.BAD_TIME, SEED_000.replace("1659509511.865323", "yesterday"));
    }

    @Test
    public void seedBackslashPathIsBadRequest() {
        assertRejected(Reject.BAD_REQUEST, SEED_002.replace("/product", "\\product"));
    }

    @Test
    public void requestsThatAreNotHttpStillCountWithoutMethodOrPath() {
        String prefix = "198.51.100.7 - - [21/Nov/2026:10:15:30 +0000] ";
        for (String request : new String[] {"\"-\"", "\"\"", "\"\\x16\\x03\\x01\\x02\\x00\\x01\\x00\\x01\\xFC\\x03\\x03\"",
                "\"GET /x SPDY/9\"", "\"hello\"", "\"x03Cookie: session=probe7\""}) {
            AccessEvent e = valid(prefix + request + " 400 157 \"-\" \"-\"");
            assertNull(request, e.method());
            assertNull(request, e.path());
            assertEquals(request, 400, e.status());
            assertEquals("198.51.100.7", e.clientIp());
        }
    }

    @Test
    public void aTargetWithSpacesBeforeTheProtocolIsOnePath() {
        AccessEvent e = valid("198.51.100.7 - - [21/Nov/2026:10:15:30 +0000] \"GET /a b HTTP/1.1\" 400 0 \"-\" \"-\"");
        assertEquals("/a b", e.path());
        assertEquals("HTTP/1.1", e.protocol());
    }

    @Test
    public void badStatuses() {
        assertRejected(Reject.BAD_STATUS, SEED_002.replace("\t500\t", "\t600\t"));
        assertRejected(Reject.BAD_STATUS, SEED_002.replace("\t500\t", "\t099\t"));
        assertRejected(Reject.BAD_STATUS, SEED_002.replace("\t500\t", "\tOK\t"));
        assertRejected(Reject.BAD_STATUS, SEED_000.replace("'201'", "'2010'"));
    }

    @Test
    public void badClientAddresses() {
        assertRejected(Reject.BAD_IP, SEED_002.replace("43.29.63.167", "43.29.63.256"));
        assertRejected(Reject.BAD_IP, NGINX_COMBINED.replace("203.0.113.9", "attacker@example.com"));
        assertRejected(Reject.BAD_IP, NGINX_COMBINED.replace("203.0.113.9", "002:52ee:xxxx::x"));
        assertRejected(Reject.BAD_IP, SEED_000.replace("154.85.126.16", "2001:db8::g"));
    }

    @Test
    public void badRequestTime() {
        assertRejected(Reject.BAD_REQUEST_TIME, NGINX_COMBINED + " fast shop.example.com");
        assertRejected(Reject.BAD_REQUEST_TIME, SEED_000.replace("'0.28'", "'-0.28'"));
    }

    @Test
    public void truncatedLines() {
        assertRejected(Reject.TRUNCATED, NGINX_COMBINED.substring(0, NGINX_COMBINED.length() - 20));
        assertRejected(Reject.TRUNCATED, "203.0.113.9 - - [21/Nov/2026:10:15");
        assertRejected(Reject.TRUNCATED, SEED_000.substring(0, 60));
    }

    @Test
    public void combinedWithMissingFields() {
        assertRejected(Reject.WRONG_FIELD_COUNT, "203.0.113.9 - - [21/Nov/2026:10:15:30 +0000] \"GET / HTTP/1.1\" 200");
        assertRejected(Reject.WRONG_FIELD_COUNT, "203.0.113.9 - - [21/Nov/2026:10:15:30 +0000] \"GET / HTTP/1.1\"");
    }

    @Test
    public void aClientNamedByHostNameOrUnixSocketCounts() {
        assertEquals("attacker.example.com", valid(NGINX_COMBINED.replace("203.0.113.9", "Attacker.Example.COM")).clientIp());
        assertEquals("unix:", valid(NGINX_COMBINED.replace("203.0.113.9", "unix:")).clientIp());
    }

    @Test
    public void injectedQuotes() {
        assertRejected(Reject.BAD_QUOTES, NGINX_COMBINED.replace("\"Mozilla/5.0", "\"Mozilla/5.0\"evil"));
        assertRejected(Reject.BAD_QUOTES, "203.0.113.9 - - [21/Nov/2026:10:15:30 +0000] \"GET / HTTP/1.1\" 200 1 \"-\" x\"-\"");
        Reject duplicate = rejected("{\"remote_addr\":\"10.1.2.3\",\"status\":\"404\",\"time_iso8601\":\"2026-11-21T10:15:30Z\","
                + "\"http_user_agent\":\"x\",\"status\":\"200\"}");
        assertEquals(Reject.BAD_JSON, duplicate.reason());
        assertTrue(duplicate.detail(), duplicate.detail().contains("status"));
        assertRejected(Reject.BAD_JSON, "{\"remote_addr\":\"10.1.2.3\",\"status\":\"200\" \"x\":\"y\"}");
        assertRejected(Reject.BAD_JSON, SEED_000 + " trailing");
    }

    @Test
    public void jsonMissingRequiredField() {
        Reject reject = rejected("{\"status\":\"200\",\"time_iso8601\":\"2026-11-21T10:15:30Z\"}");
        assertEquals(Reject.MISSING_FIELD, reject.reason());
        assertTrue(reject.detail(), reject.detail().contains("client_ip"));
    }

    @Test
    public void jsonControlCharacterInHostIsBadField() {
        assertRejected(Reject.BAD_FIELD, SEED_000.replace("api_38.digikala.com", "api\\n38"));
    }

    @Test
    public void unknownFormat() {
        assertRejected(Reject.UNKNOWN_FORMAT, "hello world");
        assertRejected(Reject.UNKNOWN_FORMAT, "<html><body>502 Bad Gateway</body></html>");
    }
}
