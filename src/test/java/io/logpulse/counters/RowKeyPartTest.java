package io.logpulse.counters;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;

import org.junit.Test;

public class RowKeyPartTest {

    @Test
    public void safeCharactersAndUnderscoresAreKeptAsTheyAre() {
        assertEquals("www.google.com", RowKeyPart.of("www.google.com"));
        assertEquals("2001:db8::1", RowKeyPart.of("2001:db8::1"));
        assertEquals("shop-1.example.com:8080", RowKeyPart.of("shop-1.example.com:8080"));
        assertEquals("api_38.digikala.com", RowKeyPart.of("api_38.digikala.com"));
    }

    @Test
    public void everyOtherCharacterBecomesItsUtf8BytesInUpperCaseHex() {
        assertEquals("%20a%27%20b%22c%C3%A9%0Ad%20", RowKeyPart.of(" a' b\"c\u00e9\nd "));
        assertEquals("100%25", RowKeyPart.of("100%"));
        assertEquals("%E2%82%AC%F0%9F%98%80", RowKeyPart.of("\u20ac\ud83d\ude00"));
        assertEquals("%5B2001:db8::1%5D", RowKeyPart.of("[2001:db8::1]"));
    }

    @Test
    public void valuesThatUsedToShareARowNowGetOneEach() {
        assertNotEquals(RowKeyPart.of("api_1.shop.example"), RowKeyPart.of("api-1.shop.example"));
        assertNotEquals(RowKeyPart.of("a b"), RowKeyPart.of("a-b"));
        assertNotEquals(RowKeyPart.of("a%20b"), RowKeyPart.of("a b"));
    }

    @Test
    public void decodingGivesBackTheLoggedValue() {
        for (String value : new String[] {"api_1.shop.example", " a' b\"c\u00e9\nd ", "100%", "%41", "\u20ac\ud83d\ude00",
                "x".repeat(RowKeyPart.MAX_LENGTH), "\u00ff\u0000\u007f"}) {
            assertEquals(value, RowKeyPart.decode(RowKeyPart.of(value)));
        }
    }

    @Test
    public void decodingAWholeRowKeyDecodesEachPartSinceNoSeparatorIsEncoded() {
        String row = "20261121_" + RowKeyPart.of("a_b c") + "_42";
        assertEquals("20261121_a_b%20c_42", row);
        assertEquals("20261121_a_b c_42", RowKeyPart.decode(row));
    }

    @Test
    public void decodingIsLenientWithRowsItDidNotWrite() {
        assertEquals("api-38.digikala.com", RowKeyPart.decode("api-38.digikala.com"));
        assertEquals("50% off %zz %4", RowKeyPart.decode("50% off %zz %4"));
        assertEquals("%e9", RowKeyPart.decode("%e9"));
        assertEquals("\ufffd!", RowKeyPart.decode("%FF!"));
    }

    @Test
    public void aMissingOrBlankValueIsUnknown() {
        assertEquals("UNKNOWN", RowKeyPart.of(null));
        assertEquals("UNKNOWN", RowKeyPart.of("  "));
    }

    @Test
    public void aValueLongerThanTheMaximumIsRefusedRatherThanCut() {
        assertEquals(RowKeyPart.MAX_LENGTH, RowKeyPart.of("x".repeat(RowKeyPart.MAX_LENGTH)).length());
        assertThrows(ValueTooLongException.class, () -> RowKeyPart.of("x".repeat(RowKeyPart.MAX_LENGTH + 1)));
    }

    @Test
    public void halfASurrogatePairIsRefusedSinceUtf8CannotCarryIt() {
        assertThrows(IllegalArgumentException.class, () -> RowKeyPart.of("a\ud800b"));
        assertThrows(IllegalArgumentException.class, () -> RowKeyPart.of("a\ude00"));
    }
}
