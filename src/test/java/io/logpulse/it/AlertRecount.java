package io.logpulse.it;

import io.logpulse.rules.Alert;
import io.logpulse.rules.ClientBurstRule;
import io.logpulse.rules.HostErrorStormRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The alerts a log should raise, recounted offline by brute force from the rules' definitions and the issue ("more
 * than N in a window of the request's time; one alert per episode, for its first window"), sharing no code with the
 * job's parser (lines are read by {@link Recount#parse}) or its windows. Every line of a known format counts: the
 * recount knows no blacklist.
 */
public final class AlertRecount {

    private AlertRecount() {
    }

    /** One expected alert: the first window {@code [start, end)} of an episode. */
    public record Episode(String rule, String key, long windowStartMs, long windowEndMs)
            implements Comparable<Episode> {

        public static Episode of(Alert alert) {
            return new Episode(alert.rule(), alert.key(), alert.windowStartEpochMs(), alert.windowEndEpochMs());
        }

        @Override
        public int compareTo(Episode other) {
            return toString().compareTo(other.toString());
        }
    }

    public static Set<Episode> of(List<String> lines, ClientBurstRule burst, HostErrorStormRule storm) {
        Map<String, List<Long>> clients = new TreeMap<>();
        Map<String, List<Long>> hosts = new TreeMap<>();
        for (String line : lines) {
            Recount.Request request = Recount.parse(line);
            if (request == null) {
                continue;
            }
            long time = request.time().toEpochMilli();
            clients.computeIfAbsent(request.ip(), k -> new ArrayList<>()).add(time);
            if (request.status() >= 400 && request.status() < 500) {
                hosts.computeIfAbsent(request.host(), k -> new ArrayList<>()).add(time);
            }
        }
        Set<Episode> episodes = new TreeSet<>();
        clients.forEach((client, times) -> episodes.addAll(episodesOf(burst.name(), client, times,
                burst.threshold(), burst.window().toMillis(), burst.slide().toMillis())));
        hosts.forEach((host, times) -> episodes.addAll(episodesOf(storm.name(), host, times,
                storm.threshold(), storm.window().toMillis(), storm.slide().toMillis())));
        return episodes;
    }

    /** Every window end from before the first line to after the last, each window counted line by line. */
    private static List<Episode> episodesOf(String rule, String key, List<Long> times, long threshold, long window,
                                            long slide) {
        long first = times.stream().min(Long::compare).orElseThrow();
        long last = times.stream().max(Long::compare).orElseThrow();
        // The window ending at the multiple of the slide at or before the first line holds none.
        long firstEnd = first - ((first % slide) + slide) % slide;
        List<Episode> episodes = new ArrayList<>();
        boolean previousAbove = false;
        for (long end = firstEnd; end <= last + window + slide; end += slide) {
            long start = end - window;
            long stop = end;
            long count = times.stream().filter(t -> t >= start && t < stop).count();
            boolean above = count > threshold;
            if (above && !previousAbove) {
                episodes.add(new Episode(rule, key, start, end));
            }
            previousAbove = above;
        }
        return episodes;
    }
}
