package io.logpulse.event;

import java.time.Instant;

/**
 * The fields a format read from one line, before they make an {@link AccessEvent}: a plain holder the formats
 * fill in, null (or -1) where the line does not say.
 */
final class LoggedFields {

    private static final int NO_STATUS_READ = -1;

    String remoteAddr;
    String forwardedFor;
    Instant time;
    String method;
    String path;
    String query;
    String protocol;
    int status = NO_STATUS_READ;
    long bytes = AccessEvent.UNKNOWN_BYTES;
    String referer;
    String userAgent;
    String host;
    String country;
    String server;
    long requestTimeMs = AccessEvent.UNKNOWN_REQUEST_TIME;
    /** What followed the last field of a format that allows more (combined's extras), starting with a space. */
    String trailing = "";

    /** The parts a request line tells; a part it does not tell keeps what another field said. */
    void request(HttpRequestLine request) {
        method = request.method() == null ? method : request.method();
        target(request);
        protocol = request.protocol() == null ? protocol : request.protocol();
    }

    /** The path and query of a target; a target without a path leaves both as they are. */
    void target(HttpRequestLine target) {
        if (target.path() != null) {
            path = target.path();
            query = target.query();
        }
    }

    AccessEvent toEvent(ClientIpSource clients) throws LineRejected {
        if (remoteAddr == null) {
            throw new LineRejected(Reject.MISSING_FIELD, "no client address");
        }
        if (time == null) {
            throw new LineRejected(Reject.MISSING_FIELD, "no time");
        }
        if (status == NO_STATUS_READ) {
            throw new LineRejected(Reject.MISSING_FIELD, "no status");
        }
        String forwarded = clients == ClientIpSource.X_FORWARDED_FOR ? ClientAddress.firstPublic(forwardedFor) : null;
        return new AccessEvent(time, forwarded == null ? remoteAddr : forwarded, method, path, query, protocol, status,
                bytes, referer, host, country, requestTimeMs, server, userAgent);
    }
}
