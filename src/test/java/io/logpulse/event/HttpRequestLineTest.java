package io.logpulse.event;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import org.junit.Test;

public class HttpRequestLineTest {

    @Test
    public void aRequestLineSplitsIntoMethodPathQueryAndProtocol() {
        assertEquals(new HttpRequestLine("GET", "/a/b", "c=d&e", "HTTP/1.1"), HttpRequestLine.lenient("GET /a/b?c=d&e HTTP/1.1"));
        assertEquals(new HttpRequestLine("GET", "/", null, null), HttpRequestLine.lenient("GET /"));
        assertEquals(new HttpRequestLine("GET", "/x", null, "HTTP/2"), HttpRequestLine.lenient("GET http://example.com/x HTTP/2"));
        assertEquals(new HttpRequestLine("OPTIONS", "*", null, "HTTP/1.1"), HttpRequestLine.lenient("OPTIONS * HTTP/1.1"));
    }

    @Test
    public void whatIsNotAnHttpRequestTellsNothing() {
        for (String junk : new String[] {"", "-", "hello", "GET", "\u0016\u0003\u0001", "GET /x SPDY/3", "x00Cookie: session=probe",
                "GET /\uFFFD HTTP/1.1", "1GET / HTTP/1.1"}) {
            assertEquals(junk, HttpRequestLine.NONE, HttpRequestLine.lenient(junk));
        }
    }

    @Test
    public void aTargetThatIsNoPathIsKeptAsSentWhenReadLeniently() {
        assertEquals(":@example.net::80/x.png", HttpRequestLine.lenient("GET :@example.net::80/x.png HTTP/1.1").path());
    }

    @Test
    public void aStrictReadRefusesWhatALenientOneKeepsAsSent() {
        for (String request : new String[] {"GET \\x HTTP/1.1", "GET /a b HTTP/1.1", "-", "GET /x HTTP/x"}) {
            try {
                HttpRequestLine.strict(request);
                fail("expected '" + request + "' to be refused");
            } catch (LineRejected e) {
                assertEquals(Reject.BAD_REQUEST, e.reason());
            }
        }
    }

    @Test
    public void protocolsAreHttpWithOneOrTwoDigits() {
        assertTrue(HttpRequestLine.isProtocol("HTTP/1.0"));
        assertTrue(HttpRequestLine.isProtocol("HTTP/2"));
        assertFalse(HttpRequestLine.isProtocol("HTTP/1."));
        assertFalse(HttpRequestLine.isProtocol("http/1.1"));
    }
}
