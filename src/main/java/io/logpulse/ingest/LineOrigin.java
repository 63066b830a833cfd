package io.logpulse.ingest;

import java.io.Serializable;

/**
 * What the record a line came in says about it besides the line itself (LogPulse's Flume source puts it in Kafka
 * record headers): its id, the server that logged it, and whether the agent had to cut it.
 *
 * @param id           where the line lies in its file, or null when the record did not say
 * @param server       the name of the host whose agent read the line, or null
 * @param cutFromBytes the line's length before the agent cut it to its maximum, or 0 when it was not cut
 */
public record LineOrigin(LineId id, String server, long cutFromBytes) implements Serializable {

    /** A record that says nothing: a line written to Kafka by something other than LogPulse's Flume source. */
    public static final LineOrigin NONE = new LineOrigin(null, null, 0);

    public LineOrigin {
        if (cutFromBytes < 0) {
            throw new IllegalArgumentException("cutFromBytes must be >= 0, was " + cutFromBytes);
        }
        server = server == null || server.isBlank() ? null : server;
    }
}
