package io.logpulse.event;

import java.io.Serializable;

/** Outcome of parsing one line: exactly one of an event or a reject. */
public record ParseResult(AccessEvent event, Reject reject) implements Serializable {

    public ParseResult {
        if ((event == null) == (reject == null)) {
            throw new IllegalArgumentException("exactly one of event and reject must be set");
        }
    }

    public static ParseResult valid(AccessEvent event) {
        return new ParseResult(event, null);
    }

    public static ParseResult rejected(Reject reject) {
        return new ParseResult(null, reject);
    }

    public static ParseResult rejected(String reason, String detail, String raw) {
        return rejected(Reject.of(reason, detail, raw));
    }

    public boolean isValid() {
        return event != null;
    }
}
