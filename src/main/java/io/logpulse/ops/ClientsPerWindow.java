package io.logpulse.ops;

import io.logpulse.event.AccessLogParser;
import io.logpulse.event.ParseResult;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.LongStream;
import java.util.stream.Stream;

/**
 * How many distinct clients one window of request time holds in some log lines: the keys that the client-burst
 * rule's window state keeps at once, which is what a bigger client population costs the job. The windows here are
 * tumbling, aligned to the epoch, each the rule's window long; the busiest of them is the figure. The lines are read
 * with the parser the job is configured with, so that a client is what the job counts as one; lines it refuses are
 * left out.
 *
 * <p>Each client is kept as a 64-bit hash of its address, so that a flood's million clients take 8 MB of the bench's
 * heap instead of a set of strings; two of a million addresses share a hash with a chance of about 3 in 10^8.
 */
final class ClientsPerWindow {

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private ClientsPerWindow() {
    }

    /** The distinct clients of the window that has the most; 0 for no lines. */
    static long busiest(Stream<String> lines, AccessLogParser parser, Duration window) {
        long windowMs = window.toMillis();
        if (windowMs <= 0) {
            throw new IllegalArgumentException("a window of at least 1 ms, got " + window);
        }
        Map<Long, LongStream.Builder> windows = new HashMap<>();
        lines.map(parser::parse).filter(ParseResult::isValid).map(ParseResult::event).forEach(event -> windows
                .computeIfAbsent(Math.floorDiv(event.time().toEpochMilli(), windowMs), w -> LongStream.builder())
                .add(hash(event.clientIp())));
        long most = 0;
        for (LongStream.Builder clients : windows.values()) {
            most = Math.max(most, distinct(clients.build().toArray()));
        }
        return most;
    }

    private static long distinct(long[] hashes) {
        Arrays.sort(hashes);
        long distinct = 0;
        for (int i = 0; i < hashes.length; i++) {
            if (i == 0 || hashes[i] != hashes[i - 1]) {
                distinct++;
            }
        }
        return distinct;
    }

    private static long hash(String address) {
        long hash = FNV_OFFSET;
        for (int i = 0; i < address.length(); i++) {
            hash = (hash ^ address.charAt(i)) * FNV_PRIME;
        }
        return hash;
    }
}
