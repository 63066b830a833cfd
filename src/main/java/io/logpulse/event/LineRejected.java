package io.logpulse.event;

/** Thrown inside the parser to abandon a line; always caught and turned into a {@link Reject}. */
final class LineRejected extends Exception {

    private static final long serialVersionUID = 1L;

    private final String reason;

    LineRejected(String reason, String detail) {
        // No stack trace: hostile input can make this the common path, and the trace says nothing.
        super(detail, null, false, false);
        this.reason = reason;
    }

    String reason() {
        return reason;
    }
}
