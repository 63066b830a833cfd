package io.logpulse.generator;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import io.logpulse.generator.AccessLogGenerator.GeneratorOptions;
import org.junit.Test;

public class GeneratorOptionsTest {
    @Test
    public void requestsComeFromTheDefaultPopulationUnlessToldOtherwise() {
        assertEquals(TrafficModel.DEFAULT_CLIENTS, parse().clients());
        assertEquals(500, parse("--clients", "500").clients());
        assertEquals(TrafficModel.UNIQUE_CLIENTS, parse("--unique-clients").clients());
    }

    @Test
    public void aBadClientsOptionIsNamed() {
        assertBad("--clients takes a positive whole number, got '0'", "--clients", "0");
        assertBad("--clients takes at most 1000000, got 1000001", "--clients", "1000001");
        assertBad("give --clients N or --unique-clients, not both", "--unique-clients", "--clients", "5");
    }

    @Test
    public void requestTimesFollowTheClockUnlessABacklogRateIsGiven() {
        assertEquals(0, parse().timeRate());
        assertEquals(5_000, parse("--time-rate", "5000").timeRate());
    }

    @Test
    public void aBacklogRateNeedsACountAndNoPace() {
        assertBad("--time-rate takes a positive whole number, got '0'", "--time-rate", "0");
        String paced = "--time-rate goes with --count N (a backlog of N lines), not with --rate: paced lines carry"
                + " the clock's time";
        assertEquals(paced, assertThrows(IllegalArgumentException.class, () -> GeneratorOptions.parse(
                new String[] {"--dir", "/tmp/unused", "--rate", "10", "--time-rate", "5"})).getMessage());
        assertBad(paced, "--rate", "10", "--time-rate", "5");
    }

    private static GeneratorOptions parse(String... more) {
        String[] args = new String[more.length + 4];
        args[0] = "--dir";
        args[1] = "/tmp/unused";
        args[2] = "--count";
        args[3] = "1";
        System.arraycopy(more, 0, args, 4, more.length);
        return GeneratorOptions.parse(args);
    }

    private static void assertBad(String message, String... args) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, () -> parse(args)).getMessage());
    }
}
