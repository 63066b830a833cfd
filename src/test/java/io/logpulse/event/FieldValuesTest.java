package io.logpulse.event;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Random;
import org.junit.Test;

public class FieldValuesTest {

    @Test
    public void secondsBecomeMillisecondsRoundedHalfUpAsADecimalWould() throws LineRejected {
        Random random = new Random(5);
        for (int i = 0; i < 100_000; i++) {
            StringBuilder text = new StringBuilder(Long.toString(Math.floorMod(random.nextLong(), 1_000_000_000L)));
            if (random.nextBoolean()) {
                text.append('.');
                int digits = 1 + random.nextInt(9);
                for (int d = 0; d < digits; d++) {
                    text.append((char) ('0' + random.nextInt(10)));
                }
            }
            long expected = new BigDecimal(text.toString()).movePointRight(3).setScale(0, RoundingMode.HALF_UP)
                    .longValueExact();
            assertEquals(text.toString(), expected, FieldValues.secondsAsMillis(text.toString()));
        }
        assertEquals(500, FieldValues.secondsAsMillis("0.4995"));
        assertEquals(499, FieldValues.secondsAsMillis("0.4994999"));
        assertEquals(999_999_999_999L, FieldValues.secondsAsMillis("999999999.999"));
        assertEquals(1_000_000_000_000L, FieldValues.secondsAsMillis("999999999.9995"));
        assertEquals(AccessEvent.UNKNOWN_REQUEST_TIME, FieldValues.secondsAsMillis("-"));
    }

    @Test
    public void aRequestTimeThatIsNotSecondsIsRejected() {
        for (String text : new String[] {"", ".", "1.", ".5", "1e3", "-0.28", "1234567890", "0.1234567890", "٣"}) {
            try {
                FieldValues.secondsAsMillis(text);
                fail(text + " was taken as seconds");
            } catch (LineRejected expected) {
                assertEquals(Reject.BAD_REQUEST_TIME, expected.reason());
            }
        }
    }
}
