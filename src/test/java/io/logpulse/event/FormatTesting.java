package io.logpulse.event;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.ZoneOffset;

/** Parsers over one format, for the per-format tests. */
final class FormatTesting {

    private FormatTesting() {
    }

    static AccessLogParser parser(String format) {
        return new AccessLogParser(ZoneOffset.UTC, format, ClientIpSource.REMOTE_ADDR);
    }

    static AccessEvent valid(AccessLogParser parser, String line) {
        ParseResult result = parser.parse(line);
        assertTrue("expected valid, got " + result.reject(), result.isValid());
        return result.event();
    }

    static Reject rejected(AccessLogParser parser, String line) {
        ParseResult result = parser.parse(line);
        assertFalse("expected a reject, got " + result.event(), result.isValid());
        return result.reject();
    }
}
