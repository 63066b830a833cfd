package io.logpulse.event;

/**
 * The parts of an HTTP request line a counter can use; any of them null when the log does not say.
 *
 * @param method   e.g. GET
 * @param path     request target without the query; only the path of an absolute-form (proxy) target
 * @param query    text after the first '?', or null
 * @param protocol e.g. HTTP/1.1; null for HTTP/0.9, which has none
 */
record HttpRequestLine(String method, String path, String query, String protocol) {

    /** What a request that is not HTTP (empty, "-", a TLS handshake on a plain port) tells: nothing. */
    static final HttpRequestLine NONE = new HttpRequestLine(null, null, null, null);

    private static final int MAX_METHOD = 20;

    /**
     * Reads {@code "GET /x?y HTTP/1.1"} from a log that logs whatever a client sent. What is not an HTTP
     * request line is still a request (a scanner, a client that closed early), so it gives {@link #NONE}
     * instead of a reject: counted by host, status and client, with no method or path.
     */
    static HttpRequestLine lenient(String line) {
        if (line == null || line.isEmpty() || line.equals("-") || FieldValues.hasControlChar(line)
                || line.indexOf('\uFFFD') >= 0) {
            return NONE;
        }
        int firstSpace = line.indexOf(' ');
        String method = firstSpace > 0 ? line.substring(0, firstSpace) : "";
        if (!isMethod(method)) {
            return NONE;
        }
        // The target and protocol are cut from the line itself, each once: this runs for every line.
        String protocol = null;
        int targetEnd = line.length();
        int lastSpace = line.lastIndexOf(' ');
        if (lastSpace > firstSpace) {
            protocol = line.substring(lastSpace + 1);
            // Spaces inside the target are what nginx logs for an unencoded space; without a protocol they are junk.
            if (!isProtocol(protocol)) {
                return NONE;
            }
            targetEnd = lastSpace;
        }
        if (targetEnd == firstSpace + 1) {
            return NONE;
        }
        // The line has no control char, so neither has its target.
        return withTarget(method, pathAndQuery(line.substring(firstSpace + 1, targetEnd)), protocol);
    }

    /** Reads a request line where anything but {@code METHOD target [HTTP/x]} is a broken record. */
    static HttpRequestLine strict(String line) throws LineRejected {
        if (FieldValues.hasControlChar(line) || line.indexOf('\uFFFD') >= 0) {
            throw new LineRejected(Reject.BAD_REQUEST,
                    "request line holds binary bytes (TLS or a scanner on a plain-HTTP port?): " + FieldValues.snippet(line));
        }
        String[] parts = line.split(" ", -1);
        if (parts.length < 2 || parts.length > 3 || !isMethod(parts[0]) || (parts.length == 3 && !isProtocol(parts[2]))) {
            throw new LineRejected(Reject.BAD_REQUEST, "request is not 'METHOD target HTTP/x': " + FieldValues.snippet(line));
        }
        return withTarget(parts[0], strictTarget(parts[1]), parts.length == 3 ? parts[2] : null);
    }

    /** Splits a request target into path and query; absolute-form targets (proxies) keep only the path. */
    static HttpRequestLine strictTarget(String target) throws LineRejected {
        HttpRequestLine parts = lenientTarget(target);
        if (parts.path == null || (!parts.path.startsWith("/") && !parts.path.equals("*"))) {
            throw new LineRejected(Reject.BAD_REQUEST, "request target is not a path: " + FieldValues.snippet(target));
        }
        return parts;
    }

    /** Like {@link #strictTarget}, but a target that is no path (a scanner's {@code :@evil::80/x}) is kept as sent. */
    static HttpRequestLine lenientTarget(String target) {
        if (target == null || target.isEmpty() || FieldValues.hasControlChar(target)) {
            return NONE;
        }
        return pathAndQuery(target);
    }

    /** Splits a non-empty target without control chars; see {@link #lenientTarget}. */
    private static HttpRequestLine pathAndQuery(String target) {
        String origin = target;
        if (target.startsWith("http://") || target.startsWith("https://")) {
            int pathStart = target.indexOf('/', target.indexOf("//") + 2);
            origin = pathStart < 0 ? "/" : target.substring(pathStart);
        }
        int question = origin.indexOf('?');
        return question < 0
                ? new HttpRequestLine(null, origin, null, null)
                : new HttpRequestLine(null, origin.substring(0, question), origin.substring(question + 1), null);
    }

    /** An HTTP method as servers log it: letters, '-' or '_'; what a scanner sends instead is not one. */
    static boolean isMethod(String text) {
        if (text.isEmpty() || text.length() > MAX_METHOD) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    /** {@code HTTP/1.1}, {@code HTTP/2.0}, {@code HTTP/2}. */
    static boolean isProtocol(String text) {
        int n = text.length();
        return (n == 6 || n == 8) && text.startsWith("HTTP/") && Character.isDigit(text.charAt(5))
                && (n == 6 || (text.charAt(6) == '.' && Character.isDigit(text.charAt(7))));
    }

    private static HttpRequestLine withTarget(String method, HttpRequestLine target, String protocol) {
        return new HttpRequestLine(method, target.path, target.query, protocol);
    }
}
