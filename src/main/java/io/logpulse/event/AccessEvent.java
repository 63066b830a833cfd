package io.logpulse.event;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * One valid web request, whatever log format it came from.
 *
 * <p>Fields a format does not carry are {@code null} ({@code requestTimeMs} and {@code bytes} are {@code -1}); a
 * seed-000 JSON line, for example, has no path, and a tab-separated seed-002 line has no host.
 *
 * @param time          when the request was logged, as an absolute instant (UTC)
 * @param clientIp      canonical spelling of the client address (see {@link IpAddress#canonical}); a log that names
 *                      the client by host name (lower-cased) or as nginx's {@code unix:} gives that text
 * @param method        HTTP method, or null when the log does not say
 * @param path          request path without the query string, or null when the log does not say
 * @param query         text after the first '?', or null when there is none
 * @param protocol      HTTP version as logged (HTTP/1.1), or null when the log does not say or it is HTTP/0.9
 * @param status        HTTP status 100..599, or 0 when the log writes "-" (Apache, for a request aborted early)
 * @param bytes         response body bytes as logged, -1 when unknown
 * @param referer       referer as logged, null when absent or "-"
 * @param host          virtual host that served the request, or null
 * @param country       country code as logged, or null
 * @param requestTimeMs time taken to serve the request in milliseconds, -1 when unknown
 * @param server        name of the server that logged the line, or null
 * @param userAgent     user agent as logged, or null
 */
public record AccessEvent(
        Instant time,
        String clientIp,
        String method,
        String path,
        String query,
        String protocol,
        int status,
        long bytes,
        String referer,
        String host,
        String country,
        long requestTimeMs,
        String server,
        String userAgent) implements Serializable {

    public static final long UNKNOWN_REQUEST_TIME = -1L;
    public static final long UNKNOWN_BYTES = -1L;
    /** The request still counts (by host and client): a scanner must not dodge the rules by being cut off. */
    public static final int UNKNOWN_STATUS = 0;

    public AccessEvent {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(clientIp, "clientIp");
        if ((status < 100 || status > 599) && status != UNKNOWN_STATUS) {
            throw new IllegalArgumentException("status must be 100..599 or 0, was " + status);
        }
        if (bytes < UNKNOWN_BYTES) {
            throw new IllegalArgumentException("bytes must be >= 0 or -1, was " + bytes);
        }
        if (requestTimeMs < UNKNOWN_REQUEST_TIME) {
            throw new IllegalArgumentException("requestTimeMs must be >= 0 or -1, was " + requestTimeMs);
        }
    }

    /** The same request, served by the given virtual host: for lines whose log format has none. */
    public AccessEvent withHost(String servedBy) {
        return new AccessEvent(time, clientIp, method, path, query, protocol, status, bytes, referer, servedBy,
                country, requestTimeMs, server, userAgent);
    }

    public boolean hasStatus() {
        return status != UNKNOWN_STATUS;
    }

    public boolean hasRequestTime() {
        return requestTimeMs != UNKNOWN_REQUEST_TIME;
    }
}
