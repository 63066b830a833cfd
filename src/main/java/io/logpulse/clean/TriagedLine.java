package io.logpulse.clean;

import io.logpulse.event.Reject;
import java.io.Serializable;

/**
 * What became of one raw input line: counted, left out because its client is blacklisted, or rejected with a
 * reason. The raw line travels along so that the archive keeps every input line, whatever its fate.
 */
public record TriagedLine(Fate fate, String raw, CleanEvent event, Reject reject) implements Serializable {

    public enum Fate { COUNTED, BLACKLISTED, REJECTED }

    public boolean counted() {
        return fate == Fate.COUNTED;
    }
}
