package io.logpulse.clean;

import io.logpulse.event.AccessEvent;
import java.io.Serializable;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Objects;

/** Derives the keys of a {@link CleanEvent} from an {@link AccessEvent}. */
public final class EventCleaner implements Serializable {

    private static final long serialVersionUID = 1L;

    private static final String PRODUCT_PREFIX = "/product/";
    private static final String PRODUCT_SUFFIX = ".html";
    /** 18 digits at most so the id always fits a long. */
    private static final int PRODUCT_ID_DIGITS = 18;

    private final ZoneId dayZone;
    private final SearchEngines searchEngines;

    /** Days in UTC, default search engines. */
    public EventCleaner() {
        this(ZoneOffset.UTC, SearchEngines.defaults());
    }

    /** @param dayZone zone whose midnight starts a new day in row keys */
    public EventCleaner(ZoneId dayZone, SearchEngines searchEngines) {
        this.dayZone = Objects.requireNonNull(dayZone, "dayZone");
        this.searchEngines = Objects.requireNonNull(searchEngines, "searchEngines");
    }

    public CleanEvent clean(AccessEvent event) {
        String refererHost = hostOf(event.referer());
        return new CleanEvent(
                event,
                CalendarKeys.day(event.time(), dayZone),
                CalendarKeys.minute(event.time(), dayZone),
                productIdOf(event.path()),
                refererHost,
                searchEngines.engineOf(refererHost),
                event.status() / 100);
    }

    /** @return the id of a {@code /product/<digits>.html} path, or null for any other path */
    public static Long productIdOf(String path) {
        if (path == null) {
            return null;
        }
        // Scanned, not matched by a regex: it runs for every line.
        int from = PRODUCT_PREFIX.length();
        int to = path.length() - PRODUCT_SUFFIX.length();
        if (to <= from || to - from > PRODUCT_ID_DIGITS || !path.startsWith(PRODUCT_PREFIX)
                || !path.endsWith(PRODUCT_SUFFIX)) {
            return null;
        }
        long id = 0;
        for (int i = from; i < to; i++) {
            char c = path.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
            id = id * 10 + (c - '0');
        }
        return id;
    }

    /**
     * Lower-case host of an absolute URL, without user info, port or trailing dot.
     *
     * @return the host, or null when the referer is absent, relative, or its host is not a plain name
     */
    public static String hostOf(String url) {
        if (url == null) {
            return null;
        }
        int scheme = url.indexOf("://");
        if (scheme <= 0) {
            return null;
        }
        int start = scheme + 3;
        int end = start;
        while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) {
            end++;
        }
        String authority = url.substring(start, end);
        String host = authority.substring(authority.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
        int portColon = host.lastIndexOf(':');
        if (portColon >= 0 && portColon > host.lastIndexOf(']')) {
            host = host.substring(0, portColon);
        }
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        return isPlainHost(host) ? host : null;
    }

    /** {@code [a-z0-9._-]+}, or an IPv6 literal {@code [0-9a-f:.]+} in brackets. */
    private static boolean isPlainHost(String host) {
        boolean bracketed = host.length() > 2 && host.charAt(0) == '[' && host.charAt(host.length() - 1) == ']';
        int from = bracketed ? 1 : 0;
        int to = bracketed ? host.length() - 1 : host.length();
        if (to <= from) {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = host.charAt(i);
            boolean allowed = bracketed
                    ? (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || c == ':' || c == '.'
                    : (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
            if (!allowed) {
                return false;
            }
        }
        return true;
    }
}
