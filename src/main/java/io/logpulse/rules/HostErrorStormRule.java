package io.logpulse.rules;

import io.logpulse.clean.CleanEvent;
import io.logpulse.counters.CounterTables;
import java.time.Duration;
import java.util.Optional;

/** A host answering too many 4xx: only 4xx responses count, towards their host ("UNKNOWN" when not logged). */
public final class HostErrorStormRule extends WindowedCountRule {

    private static final long serialVersionUID = 1L;

    public static final String NAME = "host_error_storm";
    public static final long DEFAULT_THRESHOLD = 15;
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(60);
    public static final Duration DEFAULT_SLIDE = Duration.ofSeconds(5);

    /** More than 15 4xx responses in 60 s, evaluated every 5 s. */
    public HostErrorStormRule() {
        this(DEFAULT_THRESHOLD, DEFAULT_WINDOW, DEFAULT_SLIDE);
    }

    public HostErrorStormRule(long threshold, Duration window, Duration slide) {
        super(NAME, threshold, window, slide);
    }

    @Override
    public Optional<String> keyOf(CleanEvent event) {
        if (event == null || event.statusClass() != 4) {
            return Optional.empty();
        }
        return Optional.of(event.host() == null ? CounterTables.UNKNOWN : event.host());
    }
}
