package io.logpulse.rules;

import io.logpulse.clean.CleanEvent;
import java.time.Duration;
import java.util.Optional;

/** A client sending too many requests: every request counts towards its client IP. */
public final class ClientBurstRule extends WindowedCountRule {

    private static final long serialVersionUID = 1L;

    public static final String NAME = "client_burst";
    public static final long DEFAULT_THRESHOLD = 10;
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(20);
    public static final Duration DEFAULT_SLIDE = Duration.ofSeconds(5);

    /** More than 10 requests in 20 s, evaluated every 5 s. */
    public ClientBurstRule() {
        this(DEFAULT_THRESHOLD, DEFAULT_WINDOW, DEFAULT_SLIDE);
    }

    public ClientBurstRule(long threshold, Duration window, Duration slide) {
        super(NAME, threshold, window, slide);
    }

    @Override
    public Optional<String> keyOf(CleanEvent event) {
        return event == null ? Optional.empty() : Optional.ofNullable(event.clientIp());
    }
}
