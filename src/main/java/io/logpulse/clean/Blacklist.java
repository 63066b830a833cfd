package io.logpulse.clean;

import io.logpulse.event.IpAddress;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Client addresses whose requests are dropped before counting. Addresses are kept in canonical
 * form so {@code 2001:DB8::1} in the file matches {@code 2001:db8:0:0:0:0:0:1} in a log.
 */
public final class Blacklist implements Serializable {

    private static final long serialVersionUID = 1L;

    private final Set<String> addresses;

    private Blacklist(Set<String> addresses) {
        this.addresses = addresses;
    }

    public static Blacklist empty() {
        return new Blacklist(Set.of());
    }

    /**
     * @throws IllegalArgumentException naming the first entry that is not an IP address
     */
    public static Blacklist of(Collection<String> ips) {
        Set<String> canonical = new HashSet<>();
        for (String ip : ips) {
            canonical.add(canonicalOrThrow(ip, "'" + ip + "'"));
        }
        return new Blacklist(Set.copyOf(canonical));
    }

    /**
     * Reads one address per line; blank lines and text after '#' are ignored.
     *
     * @throws IllegalArgumentException naming the file and line of an entry that is not an IP address
     */
    public static Blacklist load(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        Set<String> canonical = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int hash = line.indexOf('#');
            String entry = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (!entry.isEmpty()) {
                canonical.add(canonicalOrThrow(entry, file + " line " + (i + 1) + ": '" + entry + "'"));
            }
        }
        return new Blacklist(Set.copyOf(canonical));
    }

    /**
     * Whether the address, in any spelling, is listed. A client logged by host name or as {@code unix:} is never
     * listed: the file holds addresses only. An event's address is canonical already (see {@code AccessEvent}),
     * and a dotted quad has no other spelling, so only an IPv6 text that is not listed as written is parsed:
     * parsing every line's address again cost about 5 % of its triage.
     */
    public boolean contains(String ip) {
        if (ip == null) {
            return false;
        }
        if (addresses.contains(ip)) {
            return true;
        }
        if (ip.indexOf(':') < 0) {
            return false;
        }
        String canonical = IpAddress.canonical(ip);
        return canonical != null && addresses.contains(canonical);
    }

    public int size() {
        return addresses.size();
    }

    private static String canonicalOrThrow(String ip, String where) {
        String canonical = IpAddress.canonical(ip == null ? null : ip.strip());
        if (canonical == null) {
            throw new IllegalArgumentException(where + " is not an IPv4 or IPv6 address");
        }
        return canonical;
    }
}
