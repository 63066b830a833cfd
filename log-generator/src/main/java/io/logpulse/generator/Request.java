package io.logpulse.generator;

import java.time.Instant;

/** One generated web request, before it is written in a log format. */
record Request(Instant time, String clientIp, String method, String uri, int status, long bytes, String referer,
               String userAgent, String host, String country, double requestTimeSeconds, String server) {
}
