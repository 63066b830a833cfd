package io.logpulse.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.logpulse.clean.CleanEvent;
import io.logpulse.rules.Alert;
import io.logpulse.rules.AlertRule;
import io.logpulse.rules.ClientBurstRule;
import io.logpulse.rules.HostErrorStormRule;
import io.logpulse.rules.InMemoryAlerting;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.Test;

/** The offline recount and the job's event-time windows agree on a generated log, however it is batched. */
public class AlertRecountTest {

    private static final ClientBurstRule BURST = new ClientBurstRule(4, Duration.ofSeconds(4), Duration.ofSeconds(1));
    private static final HostErrorStormRule STORM =
            new HostErrorStormRule(4, Duration.ofSeconds(10), Duration.ofSeconds(2));
    private static final Instant FROM = Instant.parse("2026-11-21T10:00:00Z");
    private static final List<String> LOG = BurstyLog.lines(2, FROM, 1_800);

    @Test
    public void theRecountFindsEpisodesOfBothRules() {
        Set<AlertRecount.Episode> expected = AlertRecount.of(LOG, BURST, STORM);
        assertTrue(expected.toString(), expected.stream().filter(e -> e.rule().equals(BURST.name())).count() > 10);
        assertTrue(expected.toString(), expected.stream().filter(e -> e.rule().equals(STORM.name())).count() > 10);
    }

    @Test
    public void thirtyMinutesDeliveredAtOnceRaiseExactlyTheRecountedAlerts() {
        List<Alert> raised = alerting(30_000).batch(BurstyLog.events(LOG));
        assertEquals(AlertRecount.of(LOG, BURST, STORM), episodes(raised));
        assertEquals("one alert per episode", raised.size(), episodes(raised).size());
    }

    @Test
    public void theSameLogInBatchesOfAnySizeRaisesExactlyTheRecountedAlerts() {
        Set<AlertRecount.Episode> expected = AlertRecount.of(LOG, BURST, STORM);
        for (int size : new int[] {1, 7, 100, 1_000}) {
            InMemoryAlerting alerting = alerting(size == 7 ? 0 : 30_000);
            List<CleanEvent> events = BurstyLog.events(LOG);
            List<Alert> raised = new ArrayList<>();
            for (int from = 0; from < events.size(); from += size) {
                raised.addAll(alerting.batch(events.subList(from, Math.min(events.size(), from + size))));
            }
            assertEquals("batches of " + size, expected, episodes(raised));
            assertEquals("batches of " + size + ": one alert per episode", raised.size(), episodes(raised).size());
        }
    }

    private static InMemoryAlerting alerting(long latenessMs) {
        return new InMemoryAlerting(List.<AlertRule>of(BURST, STORM), latenessMs);
    }

    private static Set<AlertRecount.Episode> episodes(List<Alert> alerts) {
        Set<AlertRecount.Episode> episodes = new TreeSet<>();
        alerts.forEach(alert -> episodes.add(AlertRecount.Episode.of(alert)));
        return episodes;
    }
}
