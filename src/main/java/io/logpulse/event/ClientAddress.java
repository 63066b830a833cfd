package io.logpulse.event;

import java.util.Locale;

/**
 * The client of a request as a log names it. Mostly an IP literal, but nginx writes {@code unix:} for a
 * connection over a UNIX socket and Apache writes a host name when {@code HostnameLookups} is on; those
 * requests are real and count, under the name as written (lower-cased, since DNS names ignore case).
 */
final class ClientAddress {

    /** What nginx's {@code $remote_addr} holds for a UNIX-socket connection. */
    static final String UNIX_SOCKET = "unix:";

    private static final int MAX_HOST_NAME = 253;
    private static final int MAX_LABEL = 63;

    private ClientAddress() {
    }

    static String canonical(String text) throws LineRejected {
        String ip = IpAddress.canonical(text);
        if (ip != null) {
            return ip;
        }
        if (text.equals(UNIX_SOCKET)) {
            return UNIX_SOCKET;
        }
        if (isHostName(text)) {
            return text.toLowerCase(Locale.ROOT);
        }
        throw new LineRejected(Reject.BAD_IP, "client address is not an IP address or host name: " + FieldValues.snippet(text));
    }

    /**
     * The first public address of an X-Forwarded-For list ({@code client, proxy1, proxy2}); private and
     * loopback entries are a proxy's own network, and entries that are not addresses are skipped.
     *
     * @return the canonical address, or null when the list holds no public one
     */
    static String firstPublic(String forwardedFor) {
        if (forwardedFor == null) {
            return null;
        }
        for (String entry : forwardedFor.split(",", -1)) {
            String ip = IpAddress.canonical(entry.strip());
            if (ip != null && IpAddress.isPublic(ip)) {
                return ip;
            }
        }
        return null;
    }

    /** An RFC 1123 name; an all-digit last label is refused, so {@code 1.2.3.256} stays a bad address. */
    static boolean isHostName(String text) {
        if (text.isEmpty() || text.length() > MAX_HOST_NAME) {
            return false;
        }
        // One scan over the labels, no split: it runs for the extra fields of every combined line.
        int labelStart = 0;
        boolean lastLabelDigits = true;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : '.';
            if (c == '.') {
                int length = i - labelStart;
                if (length == 0 || length > MAX_LABEL || text.charAt(labelStart) == '-' || text.charAt(i - 1) == '-') {
                    return false;
                }
                if (i < text.length()) {
                    lastLabelDigits = true;
                }
                labelStart = i + 1;
                continue;
            }
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_';
            if (!allowed) {
                return false;
            }
            lastLabelDigits &= c >= '0' && c <= '9';
        }
        // An all-digit last label would make a mistyped IPv4 address pass as a name.
        return !lastLabelDigits;
    }
}
