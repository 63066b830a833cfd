package io.logpulse.clean;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Decides whether a referer host belongs to a search engine, and which one.
 *
 * <p>An engine name matches the host label just left of the public suffix: {@code google} matches
 * {@code www.google.com}, {@code google.co.uk} and {@code google.com.au}, but not
 * {@code google.evil.com} (where "google" is a subdomain of someone else's site). The suffix is
 * approximated without the full public-suffix list: the top-level label, optionally preceded by a
 * generic second-level label such as {@code co} or {@code com} under a two-letter country code.
 */
public final class SearchEngines implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final List<String> DEFAULT_NAMES = List.of("google", "bing", "yahoo", "duckduckgo", "baidu", "yandex");

    private static final Set<String> SECOND_LEVEL = Set.of("co", "com", "net", "org", "ac", "gov", "edu", "ne", "or", "go", "gob");
    private static final Pattern NAME = Pattern.compile("[a-z0-9-]+");

    private final List<String> names;

    public SearchEngines(Collection<String> names) {
        List<String> checked = new ArrayList<>();
        for (String name : names) {
            String lower = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
            if (!NAME.matcher(lower).matches()) {
                throw new IllegalArgumentException("search engine name must be one host label like 'google', was '" + name + "'");
            }
            checked.add(lower);
        }
        if (checked.isEmpty()) {
            throw new IllegalArgumentException("at least one search engine name is needed");
        }
        this.names = List.copyOf(checked);
    }

    public static SearchEngines defaults() {
        return new SearchEngines(DEFAULT_NAMES);
    }

    /** Reads a comma-separated list such as {@code google,bing}. */
    public static SearchEngines parse(String commaSeparated) {
        List<String> names = new ArrayList<>();
        for (String part : commaSeparated.split(",")) {
            if (!part.isBlank()) {
                names.add(part);
            }
        }
        return new SearchEngines(names);
    }

    public List<String> names() {
        return names;
    }

    /** @return the engine name for a lower-case referer host, or null when it is not a search engine */
    public String engineOf(String host) {
        if (host == null || host.isEmpty()) {
            return null;
        }
        // Only the label before a one-label suffix, or before a two-label one, can name an engine: the last three
        // labels are found from the end, without splitting the host, since this runs for every line's referer.
        int end = host.length();
        while (end > 0 && host.charAt(end - 1) == '.') {
            end--;
        }
        int lastDot = end == 0 ? -1 : host.lastIndexOf('.', end - 1);
        if (lastDot < 0) {
            return null;
        }
        int secondDot = lastDot == 0 ? -1 : host.lastIndexOf('.', lastDot - 1);
        String engine = nameAt(host, secondDot + 1, lastDot);
        if (engine != null || secondDot < 0) {
            return engine;
        }
        boolean twoLabelSuffix = end - lastDot - 1 == 2
                && SECOND_LEVEL.contains(host.substring(secondDot + 1, lastDot));
        return twoLabelSuffix ? nameAt(host, host.lastIndexOf('.', secondDot - 1) + 1, secondDot) : null;
    }

    /** The engine named by {@code host[from, to)}, or null. */
    private String nameAt(String host, int from, int to) {
        for (String name : names) {
            if (name.length() == to - from && host.startsWith(name, from)) {
                return name;
            }
        }
        return null;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SearchEngines engines && engines.names.equals(names);
    }

    @Override
    public int hashCode() {
        return names.hashCode();
    }

    @Override
    public String toString() {
        return String.join(",", names);
    }
}
