package io.logpulse.clean;

import io.logpulse.counters.CounterCell;
import io.logpulse.event.Reject;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * What became of one raw input line: counted, left out because its client is blacklisted, or rejected with a
 * reason, with every counter cell it increments. The raw line travels along so that the archive keeps every input
 * line, whatever its fate; the cells are worked out once, in triage, so that a line whose cells cannot be made
 * becomes a reject before any output sees it.
 *
 * @param raw    the line as read, never null: "" for a Kafka record without a value
 * @param event  the cleaned event; null exactly when the line is rejected
 * @param reject why the line was rejected; null exactly when it was not
 */
public record TriagedLine(Fate fate, String raw, CleanEvent event, Reject reject, List<CounterCell> cells)
        implements Serializable {

    public enum Fate { COUNTED, BLACKLISTED, REJECTED }

    public TriagedLine {
        Objects.requireNonNull(fate, "fate");
        Objects.requireNonNull(raw, "raw");
        if ((fate == Fate.REJECTED) != (reject != null) || (fate == Fate.REJECTED) == (event != null)) {
            throw new IllegalArgumentException("a " + fate + " line needs " + (fate == Fate.REJECTED
                    ? "a reject and no event" : "an event and no reject"));
        }
        cells = List.copyOf(cells);
    }

    public boolean counted() {
        return fate == Fate.COUNTED;
    }
}
