package io.logpulse.event;

/**
 * Recognises IPv4 and IPv6 literals without touching DNS ({@code InetAddress.getByName} would
 * resolve a hostname, which a parser running on every log line must never do).
 */
public final class IpAddress {

    private static final int MAX_TEXT_LENGTH = 45;

    private IpAddress() {
    }

    public static boolean isValid(String value) {
        return canonical(value) != null;
    }

    /**
     * Returns one spelling per address so that counts and blacklist lookups agree: dotted quad for
     * IPv4, RFC 5952 text for IPv6 (lower-case, no leading zeros, longest zero run as "::"), and
     * IPv4-mapped IPv6 ({@code ::ffff:1.2.3.4}, what dual-stack listeners log) as plain IPv4.
     *
     * @return the canonical text, or null when {@code value} is not an IP literal
     */
    public static String canonical(String value) {
        if (value == null || value.isEmpty() || value.length() > MAX_TEXT_LENGTH) {
            return null;
        }
        if (value.indexOf(':') < 0) {
            // A dotted quad that parses has no leading zero, so it is its own canonical text.
            return parseIpv4(value) == null ? null : value;
        }
        int[] groups = parseIpv6(value);
        if (groups == null) {
            return null;
        }
        if (isIpv4Mapped(groups)) {
            return ipv4Text(new int[] {groups[6] >> 8, groups[6] & 0xff, groups[7] >> 8, groups[7] & 0xff});
        }
        return ipv6Text(groups);
    }

    /**
     * Whether a canonical address (as {@link #canonical} returns it) is routable on the internet: not private
     * (RFC 1918, RFC 4193), loopback, link-local, carrier-grade NAT, multicast or unspecified. Documentation ranges count as public, so
     * examples written with them behave like real traffic.
     */
    public static boolean isPublic(String canonical) {
        if (canonical.indexOf(':') < 0) {
            int[] o = parseIpv4(canonical);
            return o != null && !(o[0] == 0 || o[0] == 10 || o[0] == 127 || (o[0] == 169 && o[1] == 254)
                    || (o[0] == 172 && o[1] >= 16 && o[1] <= 31) || (o[0] == 192 && o[1] == 168)
                    || (o[0] == 100 && o[1] >= 64 && o[1] <= 127) || o[0] >= 224);
        }
        int[] g = parseIpv6(canonical);
        return g != null && !(isUnspecifiedOrLoopback(g) || (g[0] & 0xfe00) == 0xfc00 || (g[0] & 0xffc0) == 0xfe80
                || (g[0] & 0xff00) == 0xff00);
    }

    private static boolean isUnspecifiedOrLoopback(int[] groups) {
        for (int i = 0; i < 7; i++) {
            if (groups[i] != 0) {
                return false;
            }
        }
        return groups[7] <= 1;
    }

    /** One scan, no split: it runs for every line's client. */
    private static int[] parseIpv4(String text) {
        int[] octets = new int[4];
        int part = 0;
        int digits = 0;
        int value = 0;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : '.';
            if (c == '.') {
                if (digits == 0 || part == 4 || value > 255) {
                    return null;
                }
                octets[part++] = value;
                digits = 0;
                value = 0;
            } else if (c >= '0' && c <= '9') {
                // Leading zeros are refused: some resolvers read "010" as octal.
                if (digits == 3 || (digits == 1 && value == 0)) {
                    return null;
                }
                value = value * 10 + (c - '0');
                digits++;
            } else {
                return null;
            }
        }
        return part == 4 ? octets : null;
    }

    private static int[] parseIpv6(String text) {
        int doubleColon = text.indexOf("::");
        if (doubleColon >= 0 && text.indexOf("::", doubleColon + 1) >= 0) {
            return null;
        }
        String head = doubleColon >= 0 ? text.substring(0, doubleColon) : text;
        String tail = doubleColon >= 0 ? text.substring(doubleColon + 2) : "";
        // An embedded IPv4 may only end the address, so the head may hold one only without "::".
        int[] headGroups = parseGroups(head, doubleColon < 0);
        int[] tailGroups = parseGroups(tail, true);
        if (headGroups == null || tailGroups == null) {
            return null;
        }
        int given = headGroups.length + tailGroups.length;
        if (doubleColon < 0 ? given != 8 : given > 7) {
            return null;
        }
        int[] groups = new int[8];
        System.arraycopy(headGroups, 0, groups, 0, headGroups.length);
        System.arraycopy(tailGroups, 0, groups, 8 - tailGroups.length, tailGroups.length);
        return groups;
    }

    /** Parses colon-separated hex groups; the last may be a dotted IPv4 worth two groups. */
    private static int[] parseGroups(String text, boolean mayEndWithIpv4) {
        if (text.isEmpty()) {
            return new int[0];
        }
        String[] parts = text.split(":", -1);
        int[] groups = new int[parts.length + 1];
        int count = 0;
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (part.indexOf('.') >= 0) {
                int[] octets = i == parts.length - 1 && mayEndWithIpv4 ? parseIpv4(part) : null;
                if (octets == null) {
                    return null;
                }
                groups[count++] = (octets[0] << 8) | octets[1];
                groups[count++] = (octets[2] << 8) | octets[3];
            } else {
                if (part.isEmpty() || part.length() > 4 || !allHex(part)) {
                    return null;
                }
                groups[count++] = Integer.parseInt(part, 16);
            }
        }
        int[] result = new int[count];
        System.arraycopy(groups, 0, result, 0, count);
        return result;
    }

    private static boolean isIpv4Mapped(int[] groups) {
        for (int i = 0; i < 5; i++) {
            if (groups[i] != 0) {
                return false;
            }
        }
        return groups[5] == 0xffff;
    }

    private static String ipv4Text(int[] octets) {
        return octets[0] + "." + octets[1] + "." + octets[2] + "." + octets[3];
    }

    private static String ipv6Text(int[] groups) {
        int bestStart = -1;
        int bestLength = 1; // RFC 5952: a single zero group is not compressed
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int start = i;
            while (i < 8 && groups[i] == 0) {
                i++;
            }
            if (i - start > bestLength) {
                bestStart = start;
                bestLength = i - start;
            }
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }

    private static boolean allHex(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            if (!hex) {
                return false;
            }
        }
        return true;
    }
}
