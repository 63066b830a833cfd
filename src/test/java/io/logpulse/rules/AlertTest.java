package io.logpulse.rules;

import static org.junit.Assert.assertEquals;

import io.logpulse.counters.RowKeyPart;
import org.junit.Test;

public class AlertTest {

    @Test
    public void jsonHasEveryField() {
        Alert alert = new Alert("client_burst", "154.85.126.16", 11, 10, 20, 1659509495000L, 1659509515000L, 1659509515000L);
        assertEquals("{\"rule\":\"client_burst\",\"key\":\"154.85.126.16\",\"count\":11,\"threshold\":10,"
                + "\"window_seconds\":20,\"window_start_epoch_ms\":1659509495000,"
                + "\"window_start\":\"2022-08-03T06:51:35Z\",\"window_end_epoch_ms\":1659509515000,"
                + "\"window_end\":\"2022-08-03T06:51:55Z\",\"first_seen_epoch_ms\":1659509515000}", alert.toJson());
    }

    @Test
    public void jsonEscapesHostileKeys() {
        Alert alert = new Alert("host_error_storm", "a\"b\\c\nd\u0001", 16, 15, 60, -60_000, 0, 0);
        String json = alert.toJson();
        assertEquals("{\"rule\":\"host_error_storm\",\"key\":\"a\\\"b\\\\c\\nd\\u0001\"", json.substring(0, json.indexOf(",\"count\"")));
    }

    @Test
    public void rowKeyIsRuleKeyWindowEndWithTheKeyEncoded() {
        assertEquals("client_burst_2001:db8::1_1659509515000",
                new Alert("client_burst", "2001:db8::1", 11, 10, 20, 1659509495000L, 1659509515000L, 1659509515000L).rowKey());
        assertEquals("host_error_storm_api_38.digikala.com_1000",
                new Alert("host_error_storm", "api_38.digikala.com", 16, 15, 60, -59_000L, 1000L, 1000L).rowKey());
        assertEquals("host_error_storm_a%20b%25_1000",
                new Alert("host_error_storm", "a b%", 16, 15, 60, -59_000L, 1000L, 1000L).rowKey());
    }

    @Test
    public void theKeyIsWhatLiesBetweenTheRuleNameAndTheLastUnderscoreDecoded() {
        String row = new Alert(HostErrorStormRule.NAME, "api_1.shop example", 16, 15, 60, -59_000L, 1000L, 1000L).rowKey();
        String key = row.substring(HostErrorStormRule.NAME.length() + 1, row.lastIndexOf('_'));
        assertEquals("api_1.shop example", RowKeyPart.decode(key));
        assertEquals("1000", row.substring(row.lastIndexOf('_') + 1));
    }
}
