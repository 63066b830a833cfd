package io.logpulse.counters;

import io.logpulse.clean.CleanEvent;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/** The counters a valid event feeds; the streaming job sums their cells per batch and increments HBase. */
public final class CounterSet implements Serializable {

    private static final long serialVersionUID = 1L;

    private final List<Counter> counters;

    public CounterSet(List<Counter> counters) {
        this.counters = List.copyOf(counters);
    }

    /** Product clicks, product clicks from search, successes per country, and host stats. */
    public static CounterSet standard() {
        return new CounterSet(List.of(
                new ProductClickCounter(),
                new ProductSearchClickCounter(),
                new CountrySuccessCounter(),
                new HostStatsCounter()));
    }

    public List<Counter> counters() {
        return counters;
    }

    public List<CounterCell> cellsFor(CleanEvent event) {
        return cellsFor(event, List.of());
    }

    /** The event's cells followed by {@code more}, in one list made once: this runs for every line. */
    public List<CounterCell> cellsFor(CleanEvent event, List<CounterCell> more) {
        List<CounterCell> cells = new ArrayList<>(8 + more.size());
        for (Counter counter : counters) {
            cells.addAll(counter.cellsFor(event));
        }
        cells.addAll(more);
        return cells;
    }
}
