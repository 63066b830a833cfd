package io.logpulse.clean;

import io.logpulse.event.AccessEvent;
import java.io.Serializable;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Derives the keys of a {@link CleanEvent} from an {@link AccessEvent}. */
public final class EventCleaner implements Serializable {

    private static final long serialVersionUID = 1L;

    /** 18 digits at most so the id always fits a long. */
    private static final Pattern PRODUCT_PATH = Pattern.compile("/product/(\\d{1,18})\\.html");
    private static final Pattern HOST = Pattern.compile("[a-z0-9._-]+|\\[[0-9a-f:.]+]");

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
        Matcher matcher = PRODUCT_PATH.matcher(path);
        return matcher.matches() ? Long.valueOf(matcher.group(1)) : null;
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
        return HOST.matcher(host).matches() ? host : null;
    }
}
