package io.logpulse.counters;

import io.logpulse.clean.CleanEvent;
import java.util.List;

/** Product clicks that came from a search engine, per day, referer host and product. */
public final class ProductSearchClickCounter implements Counter {

    private static final long serialVersionUID = 1L;

    @Override
    public List<CounterCell> cellsFor(CleanEvent event) {
        if (!event.isProductClick() || event.searchEngine() == null) {
            return List.of();
        }
        String row = event.dayKey() + "_" + RowKeyPart.of(event.refererHost()) + "_" + event.productId();
        return List.of(CounterCell.one(CounterTables.PRODUCT_SEARCH_CLICKCOUNT, row, CounterTables.CLICK_COUNT));
    }
}
