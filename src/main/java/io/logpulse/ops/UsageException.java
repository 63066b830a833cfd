package io.logpulse.ops;

/** A bad command-line option or value: the message names it, and the command exits with {@link #EXIT}. */
final class UsageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Exit status of a command given bad options, as for a bad configuration. */
    static final int EXIT = 2;

    UsageException(String message) {
        super(message);
    }
}
