package io.logpulse.counters;

/**
 * A value too long for a row key. Unchecked, because counters compute their cells without a way to reject; triage
 * turns it into a {@code field_too_long} reject of the line.
 */
public final class ValueTooLongException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public ValueTooLongException(int length, int maxLength) {
        super("a row-key value is " + length + " chars, limit " + maxLength);
    }
}
