package io.logpulse.generator;

import java.time.Instant;

/** The request time the generator gives its n-th line (counting from 0). */
interface RequestClock {

    /** The clock's time when the line is written: live traffic. */
    RequestClock WALL = line -> Instant.now();

    Instant timeOf(long line);

    /**
     * Request times {@code 1 / linesPerSecond} apart, the last of {@code lines} at {@code end}: the backlog that
     * servers writing {@code linesPerSecond} leave behind.
     */
    static RequestClock backlog(Instant end, long lines, long linesPerSecond) {
        if (lines <= 0 || linesPerSecond <= 0) {
            throw new IllegalArgumentException("lines and linesPerSecond must be > 0, were " + lines + " and "
                    + linesPerSecond);
        }
        Instant first = end.minusNanos((long) ((lines - 1) * 1e9 / linesPerSecond));
        return line -> first.plusNanos((long) (line * 1e9 / linesPerSecond));
    }
}
