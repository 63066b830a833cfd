package io.logpulse.counters;

import io.logpulse.clean.CleanEvent;
import java.util.List;

/** Successful (2xx) requests per day and country, of any method. */
public final class CountrySuccessCounter implements Counter {

    private static final long serialVersionUID = 1L;

    @Override
    public List<CounterCell> cellsFor(CleanEvent event) {
        if (event.statusClass() != 2) {
            return List.of();
        }
        return List.of(CounterCell.one(CounterTables.COUNTRY_SUCCESS_COUNT,
                event.dayKey() + "_" + RowKeyPart.of(event.countryKey()), CounterTables.SUCCESS_COUNT));
    }
}
