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
