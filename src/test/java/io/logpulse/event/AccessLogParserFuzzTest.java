package io.logpulse.event;

import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.Test;

/** Random and mutated input must always yield a result, and never through the parser's safety net. */
public class AccessLogParserFuzzTest {

    private static final String[] SAMPLES = {
        "43.29.63.167\t2020-05-30 15:50:25\t\"GET /product/14610854.html HTTP/1.1\"\t500\thttps://www.bing.com/search?q=ps4",
        "{'server': 's_v3', 'client_ip': '154.85.126.16', 'method': 'PUT', 'status': '201', 'request_time': '0.28',"
                + " 'host': 'api_38.digikala.com', 'country': 'US', '@timestamp': '1659509511.865323'}",
        "203.0.113.9 - - [21/Nov/2026:10:15:30 +0100] \"GET /p?q=1 HTTP/1.1\" 200 5316 \"https://www.google.com/\""
                + " \"curl \\x22x\\x22\" 0.004 shop.example.com",
        "{\"time_iso8601\":\"2026-11-21T10:15:30+01:00\",\"remote_addr\":\"2001:db8::17\",\"request\":\"GET / HTTP/2.0\","
                + "\"status\":404,\"request_time\":0.012,\"http_user_agent\":\"a\\u00e9\\\"\",\"x\":[{\"y\":[]}]}",
    };
    private static final String ALPHABET = "{}[]\"'\\:,. \t-/0123456789abcdefxuGET\u00e9\uFFFD\u0000\n";

    private static final String DECLARED = "$remote_addr - $remote_user [$time_local] \"$request\" $status $body_bytes_sent"
            + " \"$http_referer\" \"$http_user_agent\" $request_time $upstream_addr $host %{x}i";
    private static final String DECLARED_LINE = "192.0.2.8 - - [03/Mar/2026:07:08:09 +0000] \"GET /a?b HTTP/1.1\" 200 5"
            + " \"-\" \"curl \\x22x\\x22\" 0.004 10.0.0.1:80, 10.0.0.2:80 shop.example.com %{x}i";

    private final AccessLogParser parser = new AccessLogParser();
    private final Random random = new Random(20260521L);

    @Test
    public void randomStrings() {
        for (int i = 0; i < 20_000; i++) {
            StringBuilder line = new StringBuilder();
            int length = random.nextInt(200);
            for (int j = 0; j < length; j++) {
                line.append(random.nextInt(4) == 0 ? (char) random.nextInt(0x10000) : ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            check(line.toString(), parser.parse(line.toString()));
        }
    }

    @Test
    public void randomBytes() {
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes = new byte[random.nextInt(300)];
            random.nextBytes(bytes);
            check("bytes #" + i, parser.parse(bytes));
        }
    }

    @Test
    public void mutatedRealLines() {
        for (int i = 0; i < 50_000; i++) {
            StringBuilder line = new StringBuilder(SAMPLES[random.nextInt(SAMPLES.length)]);
            int mutations = 1 + random.nextInt(4);
            for (int m = 0; m < mutations && line.length() > 0; m++) {
                int at = random.nextInt(line.length());
                switch (random.nextInt(4)) {
                    case 0 -> line.setLength(at);
                    case 1 -> line.deleteCharAt(at);
                    case 2 -> line.insert(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                    default -> line.setCharAt(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                }
            }
            String text = line.toString();
            check(text, parser.parse(text));
            check(text, parser.parse(text.getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Test
    public void mutatedLinesOfADeclaredFormat() {
        AccessLogParser declared = new AccessLogParser(java.time.ZoneOffset.UTC, DECLARED, ClientIpSource.X_FORWARDED_FOR);
        for (int i = 0; i < 30_000; i++) {
            StringBuilder line = new StringBuilder(random.nextBoolean() ? DECLARED_LINE : SAMPLES[2]);
            int mutations = 1 + random.nextInt(4);
            for (int m = 0; m < mutations && line.length() > 0; m++) {
                int at = random.nextInt(line.length());
                switch (random.nextInt(3)) {
                    case 0 -> line.setLength(at);
                    case 1 -> line.deleteCharAt(at);
                    default -> line.insert(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                }
            }
            check(line.toString(), declared.parse(line.toString()));
            check(line.toString(), parser.parse(line.toString()));
        }
    }

    private static void check(String input, ParseResult result) {
        assertNotNull(input, result);
        if (!result.isValid()) {
            assertNotEquals("parser bug on: " + input + " -> " + result.reject().detail(),
                    Reject.PARSER_ERROR, result.reject().reason());
        }
    }
}
