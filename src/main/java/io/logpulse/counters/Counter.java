package io.logpulse.counters;

import io.logpulse.clean.CleanEvent;
import java.io.Serializable;
import java.util.List;

/** One counter definition: which HBase cells an event increments. */
public interface Counter extends Serializable {

    /** @return the cells to increment for this event, empty when the event does not count here */
    List<CounterCell> cellsFor(CleanEvent event);
}
