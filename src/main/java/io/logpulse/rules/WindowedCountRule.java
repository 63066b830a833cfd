package io.logpulse.rules;

import java.time.Duration;
import java.util.Objects;

/** Holds and checks the threshold and window shared by every {@link AlertRule}. */
public abstract class WindowedCountRule implements AlertRule {

    private static final long serialVersionUID = 1L;

    private final String name;
    private final long threshold;
    private final Duration window;
    private final Duration slide;

    /**
     * @throws IllegalArgumentException when the threshold is negative, a duration is not positive,
     *         or the slide does not divide the window (a window is made of whole slide-sized buckets)
     */
    protected WindowedCountRule(String name, long threshold, Duration window, Duration slide) {
        this.name = Objects.requireNonNull(name, "name");
        this.window = Objects.requireNonNull(window, "window");
        this.slide = Objects.requireNonNull(slide, "slide");
        if (threshold < 0) {
            throw new IllegalArgumentException(name + ": threshold must be >= 0, was " + threshold);
        }
        if (window.toMillis() <= 0 || slide.toMillis() <= 0) {
            throw new IllegalArgumentException(name + ": window and slide must be positive, were " + window + " and " + slide);
        }
        if (window.toMillis() % slide.toMillis() != 0) {
            throw new IllegalArgumentException(name + ": slide " + slide + " must divide window " + window);
        }
        this.threshold = threshold;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final long threshold() {
        return threshold;
    }

    @Override
    public final Duration window() {
        return window;
    }

    @Override
    public final Duration slide() {
        return slide;
    }

    @Override
    public String toString() {
        return name + "(> " + threshold + " in " + window.toSeconds() + "s, every " + slide.toSeconds() + "s)";
    }
}
