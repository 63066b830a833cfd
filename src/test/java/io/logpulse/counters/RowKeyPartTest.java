package io.logpulse.counters;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

public class RowKeyPartTest {

    @Test
    public void keepsSafeCharacters() {
        assertEquals("www.google.com", RowKeyPart.of("www.google.com"));
        assertEquals("2001:db8::1", RowKeyPart.of("2001:db8::1"));
        assertEquals("shop-1.example.com:8080", RowKeyPart.of("shop-1.example.com:8080"));
    }

    @Test
    public void replacesSeparatorsQuotesAndSpaces() {
        assertEquals("api-38.digikala.com", RowKeyPart.of("api_38.digikala.com"));
        assertEquals("a--b-c--d", RowKeyPart.of(" a' b\"c\u00e9\nd "));
    }

    @Test
    public void missingBecomesUnknownAndLongIsCapped() {
        assertEquals("UNKNOWN", RowKeyPart.of(null));
        assertEquals("UNKNOWN", RowKeyPart.of("  "));
        assertEquals(RowKeyPart.MAX_LENGTH, RowKeyPart.of("x".repeat(500)).length());
    }
}
