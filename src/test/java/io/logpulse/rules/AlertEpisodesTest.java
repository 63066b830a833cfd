package io.logpulse.rules;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.Test;

public class AlertEpisodesTest {

    private static final AlertRule RULE = new ClientBurstRule(10, Duration.ofSeconds(20), Duration.ofSeconds(5));
    private static final String IP = "154.85.126.16";

    private static Alert alert(String key, long count, long windowEnd, long firstSeen) {
        return new Alert("client_burst", key, count, 10, 20, windowEnd - 20_000, windowEnd, firstSeen);
    }

    @Test
    public void crossingRaisesOneAlert() {
        AlertEpisodes.Evaluation result = AlertEpisodes.none().evaluate(RULE, Map.of(IP, 11L), 5000);
        assertEquals(List.of(alert(IP, 11, 5000, 5000)), result.raised());
        assertEquals(Set.of(IP), result.next().keysAbove());
        assertEquals(Long.valueOf(5000), result.next().firstSeen(IP));
    }

    @Test
    public void exactlyAtThresholdDoesNotFire() {
        AlertEpisodes.Evaluation result = AlertEpisodes.none().evaluate(RULE, Map.of(IP, 10L), 5000);
        assertEquals(List.of(), result.raised());
        assertTrue(result.next().keysAbove().isEmpty());
    }

    @Test
    public void stayingAboveDoesNotRaiseAgainAndKeepsFirstSeen() {
        AlertEpisodes state = AlertEpisodes.none().evaluate(RULE, Map.of(IP, 11L), 5000).next();
        AlertEpisodes.Evaluation second = state.evaluate(RULE, Map.of(IP, 30L), 10000);
        assertEquals(List.of(), second.raised());
        assertEquals(Set.of(), second.ended());
        assertEquals(Long.valueOf(5000), second.next().firstSeen(IP));
    }

    @Test
    public void droppingEndsTheEpisodeAndReCrossingRaisesAgain() {
        AlertEpisodes above = AlertEpisodes.none().evaluate(RULE, Map.of(IP, 11L), 5000).next();
        AlertEpisodes.Evaluation dropped = above.evaluate(RULE, Map.of(IP, 10L), 10000);
        assertEquals(List.of(), dropped.raised());
        assertEquals(Set.of(IP), dropped.ended());
        assertNull(dropped.next().firstSeen(IP));
        AlertEpisodes.Evaluation again = dropped.next().evaluate(RULE, Map.of(IP, 12L), 15000);
        assertEquals(List.of(alert(IP, 12, 15000, 15000)), again.raised());
    }

    @Test
    public void disappearingKeyEndsItsEpisode() {
        AlertEpisodes above = AlertEpisodes.none().evaluate(RULE, Map.of(IP, 11L), 5000).next();
        AlertEpisodes.Evaluation gone = above.evaluate(RULE, Map.of(), 10000);
        assertEquals(Set.of(IP), gone.ended());
        assertEquals(AlertEpisodes.none(), gone.next());
    }

    @Test
    public void multipleKeysAreIndependent() {
        AlertEpisodes state = AlertEpisodes.none().evaluate(RULE, Map.of("10.0.0.2", 15L, "10.0.0.1", 11L, "10.0.0.3", 2L), 5000).next();
        AlertEpisodes.Evaluation next = state.evaluate(RULE, Map.of("10.0.0.1", 20L, "10.0.0.2", 9L, "10.0.0.3", 11L), 10000);
        assertEquals(List.of(alert("10.0.0.3", 11, 10000, 10000)), next.raised());
        assertEquals(Set.of("10.0.0.2"), next.ended());
        assertEquals(Set.of("10.0.0.1", "10.0.0.3"), next.next().keysAbove());
        assertEquals(Long.valueOf(5000), next.next().firstSeen("10.0.0.1"));
    }

    @Test
    public void alertsComeSortedByKey() {
        AlertEpisodes.Evaluation result = AlertEpisodes.none().evaluate(RULE, Map.of("b", 11L, "a", 12L), 5000);
        assertEquals(List.of(alert("a", 12, 5000, 5000), alert("b", 11, 5000, 5000)), result.raised());
    }

    @Test
    public void evaluatingDoesNotChangeThePreviousState() {
        AlertEpisodes state = AlertEpisodes.none().evaluate(RULE, Map.of(IP, 11L), 5000).next();
        state.evaluate(RULE, Map.of(), 10000);
        assertEquals(Set.of(IP), state.keysAbove());
    }

    @Test
    public void stateAndRuleSurviveJavaSerialisationAsSparkCheckpointsThem() throws Exception {
        AlertEpisodes state = AlertEpisodes.none().evaluate(RULE, Map.of(IP, 11L), 5000).next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(state);
            out.writeObject(RULE);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            AlertEpisodes restored = (AlertEpisodes) in.readObject();
            AlertRule rule = (AlertRule) in.readObject();
            assertEquals(state, restored);
            assertEquals(List.of(), restored.evaluate(rule, Map.of(IP, 12L), 10000).raised());
        }
    }
}
