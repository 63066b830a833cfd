package io.logpulse.event;

import java.time.ZoneOffset;
import org.junit.Test;

/** The peer-lines conformance score, in-process: the same parser and JSON as {@code bin/logpulse parse}. */
public class PeerLinesConformanceTest {

    @Test
    public void peerLinesParseAsPeersExpect() {
        PeerLines.Score score = PeerLines.score(PeerLines.load(), (format, lines) -> {
            AccessLogParser parser = new AccessLogParser(ZoneOffset.UTC, format, ClientIpSource.REMOTE_ADDR);
            return lines.stream().map(line -> ParseCommand.json(parser.parse(line))).toList();
        });
        System.out.print(score.table());
        score.check();
    }

    @Test
    public void everyDeclaredLayoutCompiles() {
        for (PeerLines.Case c : PeerLines.load()) {
            new AccessLogParser(ZoneOffset.UTC, c.declaredFormat(), ClientIpSource.REMOTE_ADDR);
        }
    }
}
