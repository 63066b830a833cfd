package io.logpulse.counters;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Puts a logged value into an HBase row key, reversibly, so distinct values never share a row.
 * {@code [A-Za-z0-9._:-]} and {@code _} stay as they are; every other character becomes its UTF-8 bytes as
 * {@code %XX} (upper-case hex), '%' itself included, so quotes, spaces or binary cannot break an {@code hbase shell}
 * scan: {@code api_1.shop.example} is stored as it is, {@code a b} as {@code a%20b}, {@code é} as {@code %C3%A9}.
 *
 * <p>'_' also separates the parts of a row key, yet needs no escaping, because readers split by position:
 * <ul>
 *   <li>{@code yyyyMMdd_<value>}: the day is always 8 digits, the value is everything after the 9th character;</li>
 *   <li>{@code yyyyMMdd_<referer host>_<productId>}: the host lies between the 9th character and the last '_',
 *       since a product id is digits;</li>
 *   <li>{@code <rule>_<key>_<window end>} (alerts): the rule is a known name followed by '_', the window end
 *       (epoch ms) follows the last '_', the key lies between.</li>
 * </ul>
 * As no separator is ever encoded, {@link #decode} of a whole row key decodes each of its parts.
 */
public final class RowKeyPart {

    /**
     * Longest value, in chars before encoding, a row key takes: a DNS name has at most 253. A longer value is
     * refused ({@link ValueTooLongException}), not cut, since a cut value would share a row with others.
     */
    public static final int MAX_LENGTH = 255;

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private RowKeyPart() {
    }

    /**
     * Checks, without encoding it, that a value can become a row-key part.
     *
     * @throws ValueTooLongException when the value is longer than {@link #MAX_LENGTH}
     */
    public static void requireFits(String value) {
        if (value != null && value.length() > MAX_LENGTH) {
            throw new ValueTooLongException(value.length(), MAX_LENGTH);
        }
    }

    /**
     * @return the encoded value, or {@link CounterTables#UNKNOWN} when it is null or blank (a logged
     *         {@code UNKNOWN} shares that row)
     * @throws ValueTooLongException    when the value is longer than {@link #MAX_LENGTH}
     * @throws IllegalArgumentException when the value holds half a surrogate pair, which is no text UTF-8 can
     *                                  carry; the parser keeps such values out of every field that becomes a key
     */
    public static String of(String value) {
        if (value == null || value.isBlank()) {
            return CounterTables.UNKNOWN;
        }
        requireFits(value);
        // Most values (host names, country codes) need no escape: one scan proves it, and the value is the part.
        int plain = 0;
        while (plain < value.length() && kept(value.charAt(plain))) {
            plain++;
        }
        if (plain == value.length()) {
            return value;
        }
        StringBuilder part = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); ) {
            int codePoint = value.codePointAt(i);
            if (Character.getType(codePoint) == Character.SURROGATE) {
                throw new IllegalArgumentException("half a surrogate pair at offset " + i + " of a row-key value");
            }
            if (kept(codePoint)) {
                part.append((char) codePoint);
            } else {
                for (byte b : Character.toString(codePoint).getBytes(StandardCharsets.UTF_8)) {
                    part.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
                }
            }
            i += Character.charCount(codePoint);
        }
        return part.toString();
    }

    /**
     * The logged value of an encoded part, or of a whole row key. Lenient, so that a report never fails on a row
     * written by hand or by an older version: a '%' not followed by two upper-case hex digits stays as it is, and
     * bytes that are not UTF-8 become U+FFFD.
     */
    public static String decode(String encoded) {
        if (encoded.indexOf('%') < 0) {
            return encoded;
        }
        StringBuilder value = new StringBuilder(encoded.length());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int i = 0;
        while (i < encoded.length()) {
            int b = encoded.charAt(i) == '%' ? byteAt(encoded, i + 1) : -1;
            if (b >= 0) {
                bytes.write(b);
                i += 3;
            } else {
                flush(bytes, value);
                value.append(encoded.charAt(i));
                i++;
            }
        }
        flush(bytes, value);
        return value.toString();
    }

    private static boolean kept(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || c == '.' || c == ':' || c == '-' || c == '_';
    }

    /** The byte of the two hex digits at {@code index}, or -1 when there are not two upper-case hex digits there. */
    private static int byteAt(String text, int index) {
        if (index + 1 >= text.length()) {
            return -1;
        }
        int high = hexDigit(text.charAt(index));
        int low = hexDigit(text.charAt(index + 1));
        return high < 0 || low < 0 ? -1 : (high << 4) | low;
    }

    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }

    /** Consecutive %XX bytes are decoded together: a multi-byte character spans several. */
    private static void flush(ByteArrayOutputStream bytes, StringBuilder value) {
        if (bytes.size() > 0) {
            value.append(bytes.toString(StandardCharsets.UTF_8));
            bytes.reset();
        }
    }
}
