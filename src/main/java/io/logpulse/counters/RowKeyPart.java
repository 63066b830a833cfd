package io.logpulse.counters;

/**
 * Makes a logged value safe inside an HBase row key. Only {@code [A-Za-z0-9._:-]} survive: '_'
 * separates row-key parts, and quotes, spaces or binary would break {@code hbase shell} scans, so
 * everything else becomes '-' (seed-000's host {@code api_38.digikala.com} is stored as
 * {@code api-38.digikala.com}).
 */
public final class RowKeyPart {

    /** Long enough for any real host name part we see; caps what a hostile Host header can cost. */
    public static final int MAX_LENGTH = 100;

    private RowKeyPart() {
    }

    /** @return the sanitised value, or {@link CounterTables#UNKNOWN} when it is null or blank */
    public static String of(String value) {
        if (value == null || value.isBlank()) {
            return CounterTables.UNKNOWN;
        }
        String text = value.strip();
        int length = Math.min(text.length(), MAX_LENGTH);
        StringBuilder part = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            boolean kept = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '.' || c == ':' || c == '-';
            part.append(kept ? c : '-');
        }
        return part.toString();
    }
}
