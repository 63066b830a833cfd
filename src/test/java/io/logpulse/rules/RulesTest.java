package io.logpulse.rules;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.logpulse.clean.CleanEvent;
import io.logpulse.clean.EventCleaner;
import io.logpulse.event.AccessEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.Test;

public class RulesTest {

    private static CleanEvent event(String ip, int status, String host) {
        return new EventCleaner().clean(new AccessEvent(Instant.parse("2026-11-21T10:00:00Z"), ip, "GET", "/", null,
                null, status, -1, null, host, null, -1, null, null));
    }

    @Test
    public void clientBurstCountsEveryRequestByClient() {
        ClientBurstRule rule = new ClientBurstRule();
        assertEquals("client_burst", rule.name());
        assertEquals(10, rule.threshold());
        assertEquals(Duration.ofSeconds(20), rule.window());
        assertEquals(Duration.ofSeconds(5), rule.slide());
        assertEquals(Optional.of("154.85.126.16"), rule.keyOf(event("154.85.126.16", 200, "h")));
        assertEquals(Optional.of("2001:db8::1"), rule.keyOf(event("2001:db8::1", 503, null)));
    }

    @Test
    public void neitherRuleThrowsOnAMissingEventItJustDoesNotCountIt() {
        assertEquals(Optional.empty(), new ClientBurstRule().keyOf(null));
        assertEquals(Optional.empty(), new HostErrorStormRule().keyOf(null));
    }

    @Test
    public void hostErrorStormCountsOnly4xxByHost() {
        HostErrorStormRule rule = new HostErrorStormRule();
        assertEquals("host_error_storm", rule.name());
        assertEquals(15, rule.threshold());
        assertEquals(Duration.ofSeconds(60), rule.window());
        assertEquals(Optional.of("api_38.digikala.com"), rule.keyOf(event("10.0.0.1", 404, "api_38.digikala.com")));
        assertEquals(Optional.of("UNKNOWN"), rule.keyOf(event("10.0.0.1", 429, null)));
        assertEquals(Optional.empty(), rule.keyOf(event("10.0.0.1", 500, "h")));
        assertEquals(Optional.empty(), rule.keyOf(event("10.0.0.1", 200, "h")));
    }

    @Test
    public void firesOnlyAboveThreshold() {
        ClientBurstRule rule = new ClientBurstRule(3, Duration.ofSeconds(10), Duration.ofSeconds(5));
        assertFalse(rule.fires(3));
        assertTrue(rule.fires(4));
    }

    @Test(expected = IllegalArgumentException.class)
    public void slideMustDivideWindow() {
        new ClientBurstRule(10, Duration.ofSeconds(20), Duration.ofSeconds(6));
    }

    @Test(expected = IllegalArgumentException.class)
    public void windowMustBePositive() {
        new HostErrorStormRule(15, Duration.ZERO, Duration.ofSeconds(5));
    }

    @Test(expected = IllegalArgumentException.class)
    public void thresholdMustNotBeNegative() {
        new HostErrorStormRule(-1, Duration.ofSeconds(60), Duration.ofSeconds(5));
    }
}
