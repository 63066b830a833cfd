package io.logpulse.event;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Instant;
import org.junit.Test;

public class ParseResultTest {

    private static final AccessEvent EVENT = new AccessEvent(Instant.parse("2026-11-21T09:15:30Z"), "10.0.0.1", "GET",
            "/product/1.html", null, "HTTP/1.1", 200, 153, null, "h", "US", 12, null, null);

    @Test
    public void holdsExactlyOneSide() {
        assertTrue(ParseResult.valid(EVENT).isValid());
        ParseResult rejected = ParseResult.rejected(Reject.BAD_IP, "client address is not IPv4 or IPv6", "x");
        assertFalse(rejected.isValid());
        assertEquals(Reject.BAD_IP, rejected.reject().reason());
    }

    @Test(expected = IllegalArgumentException.class)
    public void refusesBothSides() {
        new ParseResult(EVENT, Reject.of(Reject.EMPTY, "", ""));
    }

    @Test
    public void survivesJavaSerialisationAsSparkShipsIt() throws Exception {
        ParseResult original = ParseResult.valid(EVENT);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(original);
            out.writeObject(new AccessLogParser());
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertEquals(original, in.readObject());
            assertTrue(((AccessLogParser) in.readObject()).parse(
                    "10.0.0.1\t2020-05-30 15:50:25\t\"GET / HTTP/1.1\"\t200\t-").isValid());
        }
    }
}
