package io.logpulse.counters;

import io.logpulse.clean.CleanEvent;
import java.util.List;

/** Clicks per product and day: any request for {@code /product/<digits>.html}, whatever its method or status. */
public final class ProductClickCounter implements Counter {

    private static final long serialVersionUID = 1L;

    @Override
    public List<CounterCell> cellsFor(CleanEvent event) {
        if (!event.isProductClick()) {
            return List.of();
        }
        return List.of(CounterCell.one(CounterTables.PRODUCT_CLICKCOUNT,
                event.dayKey() + "_" + event.productId(), CounterTables.CLICK_COUNT));
    }
}
