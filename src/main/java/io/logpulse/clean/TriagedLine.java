package io.logpulse.clean;

import io.logpulse.counters.CounterCell;
import io.logpulse.event.Reject;
import io.logpulse.ingest.LineId;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What became of one raw input line: counted, left out because its client is blacklisted, rejected with a
 * reason, or dropped as a copy of a line counted before, with every counter cell it increments. The raw line travels along so that the archive keeps every input
 * line, whatever its fate; the cells are worked out once, in triage, so that a line whose cells cannot be made
 * becomes a reject before any output sees it.
 *
 * @param raw    the line as read, never null: "" for a Kafka record without a value
 * @param event  the cleaned event; null exactly when the line is rejected or a duplicate
 * @param reject why the line was rejected; null exactly when it was not
 * @param id     where the line lies in the file its server wrote, or null when its record did not say
 */
public record TriagedLine(Fate fate, String raw, CleanEvent event, Reject reject, List<CounterCell> cells,
                          LineId id) implements Serializable {

    public enum Fate { COUNTED, BLACKLISTED, REJECTED, DUPLICATE }

    public TriagedLine {
        Objects.requireNonNull(fate, "fate");
        Objects.requireNonNull(raw, "raw");
        boolean needsEvent = fate == Fate.COUNTED || fate == Fate.BLACKLISTED;
        if ((fate == Fate.REJECTED) != (reject != null) || needsEvent != (event != null)) {
            throw new IllegalArgumentException("a " + fate + " line needs " + (fate == Fate.REJECTED
                    ? "a reject and no event" : needsEvent ? "an event and no reject" : "no event and no reject"));
        }
        cells = List.copyOf(cells);
    }

    /** This line as a copy of one counted before: it counts only as a duplicate. */
    public TriagedLine duplicate(CounterCell duplicateCell) {
        return new TriagedLine(Fate.DUPLICATE, raw, null, null, List.of(duplicateCell), id);
    }

    /** With an extra cell, e.g. the {@code late} figure, which depends on the batch rather than the line. */
    public TriagedLine plus(CounterCell cell) {
        List<CounterCell> more = new ArrayList<>(cells);
        more.add(cell);
        return new TriagedLine(fate, raw, event, reject, more, id);
    }

    public boolean counted() {
        return fate == Fate.COUNTED;
    }
}
