package io.logpulse.event;

import java.time.Instant;

/**
 * The fields a format read from one line, before they make an {@link AccessEvent}. A field logged twice (a
 * declared format with both {@code $request} and {@code $request_method}) keeps its first value.
 */
final class LoggedFields {

    private static final int NO_STATUS_READ = -1;

    private String remoteAddr;
    private String forwardedFor;
    private Instant time;
    private String method;
    private String path;
    private String query;
    private String protocol;
    private int status = NO_STATUS_READ;
    private long bytes = AccessEvent.UNKNOWN_BYTES;
    private String referer;
    private String userAgent;
    private String host;
    private String country;
    private String server;
    private long requestTimeMs = AccessEvent.UNKNOWN_REQUEST_TIME;
    private String trailing = "";

    /** @param canonical the address as {@link ClientAddress#canonical} returns it */
    void remoteAddr(String canonical) {
        remoteAddr = remoteAddr == null ? canonical : remoteAddr;
    }

    void forwardedFor(String list) {
        forwardedFor = forwardedFor == null ? list : forwardedFor;
    }

    void time(Instant value) {
        time = time == null ? value : time;
    }

    void request(HttpRequestLine request) {
        method(request.method());
        target(request);
        protocol(request.protocol());
    }

    void method(String value) {
        method = method == null ? value : method;
    }

    /** The path and query of a target; a target without a path leaves both as they are. */
    void target(HttpRequestLine target) {
        if (path == null && target.path() != null) {
            path = target.path();
            query = query == null ? target.query() : query;
        }
    }

    void path(String value) {
        path = path == null ? value : path;
    }

    void query(String value) {
        query = query == null ? value : query;
    }

    void protocol(String value) {
        protocol = protocol == null ? value : protocol;
    }

    void status(int value) {
        status = status == NO_STATUS_READ ? value : status;
    }

    void bytes(long value) {
        bytes = bytes == AccessEvent.UNKNOWN_BYTES ? value : bytes;
    }

    void referer(String value) {
        referer = referer == null ? value : referer;
    }

    void userAgent(String value) {
        userAgent = userAgent == null ? value : userAgent;
    }

    void host(String value) {
        host = host == null ? value : host;
    }

    void country(String value) {
        country = country == null ? value : country;
    }

    void server(String value) {
        server = server == null ? value : server;
    }

    void requestTimeMs(long value) {
        requestTimeMs = requestTimeMs == AccessEvent.UNKNOWN_REQUEST_TIME ? value : requestTimeMs;
    }

    /** What followed the last field of a format that allows more (combined's extras), starting with a space. */
    void trailing(String text) {
        trailing = text;
    }

    String trailing() {
        return trailing;
    }

    boolean hasHost() {
        return host != null;
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
