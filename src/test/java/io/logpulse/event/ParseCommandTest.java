package io.logpulse.event;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

public class ParseCommandTest {

    @Test
    public void anEventPrintsEveryFieldWithAbsentOnesAsNull() {
        ParseResult result = new AccessLogParser().parse("192.0.2.8 - - [03/Mar/2026:07:08:09 +0000] \"GET /a?b HTTP/1.1\" - -");
        assertEquals("{\"time\": \"2026-03-03T07:08:09Z\", \"client_ip\": \"192.0.2.8\", \"method\": \"GET\", \"path\": \"/a\","
                + " \"query\": \"b\", \"protocol\": \"HTTP/1.1\", \"status\": null, \"bytes\": null, \"referer\": null,"
                + " \"user_agent\": null, \"host\": null, \"request_time_ms\": null, \"server\": null}", ParseCommand.json(result));
    }

    @Test
    public void aRejectPrintsItsReason() {
        assertEquals("{\"reject\": \"unknown_format\"}", ParseCommand.json(new AccessLogParser().parse("hello")));
    }
}
