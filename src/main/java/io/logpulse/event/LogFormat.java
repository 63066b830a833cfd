package io.logpulse.event;

import java.io.Serializable;

/**
 * One access-log layout. {@link AccessLogParser} asks each format whether a line looks like its own, then has
 * the first that says yes read it; the line checks that every format needs (length, encoding, control
 * characters) are done before, once.
 */
interface LogFormat extends Serializable {

    /** A cheap look at the line's start or shape: whether reading it is worth trying. */
    boolean accepts(String line);

    /** @throws LineRejected with the reason when the line does not follow the format */
    LoggedFields read(String line) throws LineRejected;
}
