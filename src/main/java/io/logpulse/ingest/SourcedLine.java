package io.logpulse.ingest;

import java.io.Serializable;
import java.util.Objects;

/**
 * A raw line as the job receives it, with what its record says about where it came from.
 *
 * @param raw    the record's value; null for a Kafka record without one (triage rejects it as empty)
 * @param origin its id, server and cut, {@link LineOrigin#NONE} when its writer said nothing
 */
public record SourcedLine(String raw, LineOrigin origin) implements Serializable {

    public SourcedLine {
        Objects.requireNonNull(origin, "origin");
    }

    public static SourcedLine of(String raw) {
        return new SourcedLine(raw, LineOrigin.NONE);
    }
}
