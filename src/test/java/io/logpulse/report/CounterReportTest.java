package io.logpulse.report;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.Test;

public class CounterReportTest {

    private static CounterSnapshot twoDays() {
        CounterSnapshot s = new CounterSnapshot();
        s.put("product_clickcount", "20261121_7", "click_count", 3);
        s.put("product_clickcount", "20261122_7", "click_count", 5);
        s.put("product_clickcount", "20261122_9", "click_count", 2);
        s.put("product_search_clickcount", "20261122_www.google.com_7", "click_count", 4);
        s.put("product_search_clickcount", "20261122_www.google.com_9", "click_count", 1);
        s.put("product_search_clickcount", "20261122_www.bing.com_9", "click_count", 1);
        s.put("host_stats", "20261122_www.shop.example", "request_count", 10);
        s.put("host_stats", "20261122_www.shop.example", "request_time_ms_sum", 900);
        s.put("host_stats", "20261122_www.shop.example", "request_time_count", 6);
        s.put("pipeline_stats", "20261122", "valid", 10);
        s.put("pipeline_stats", "20261122", "rejected", 2);
        s.put("pipeline_stats", "20261122", "rejected_bad_time", 2);
        // window ends 2026-11-21T23:59:59Z and 2026-11-22T00:00:01Z
        s.put("alerts", "client_burst_203.0.113.66_1795305599000", "count", 12);
        s.put("alerts", "client_burst_203.0.113.66_1795305601000", "count", 11);
        return s;
    }

    @Test
    public void jsonHoldsEveryCounterTableRowAndQualifierButNoAlerts() {
        CounterSnapshot s = new CounterSnapshot();
        s.put("product_clickcount", "20261122_7", "click_count", 5);
        s.put("host_stats", "20261122_a\"b", "request_count", 2);
        s.put("host_stats", "20261122_a\"b", "status_4xx", 1);
        s.put("alerts", "client_burst_x_1795305601000", "count", 11);
        assertEquals("{\n"
                + "  \"product_clickcount\": {\n    \"20261122_7\": {\"click_count\": 5}\n  },\n"
                + "  \"product_search_clickcount\": {},\n"
                + "  \"country_success_count\": {},\n"
                + "  \"host_stats\": {\n    \"20261122_a\\\"b\": {\"request_count\": 2, \"status_4xx\": 1}\n  },\n"
                + "  \"pipeline_stats\": {}\n"
                + "}\n", new CounterReport(s).json());
    }

    @Test
    public void aDayKeepsItsCounterRowsAndTheAlertsWhoseWindowEndedThatDayInTheZone() {
        CounterSnapshot day = twoDays().ofDay("20261122", ZoneOffset.UTC);
        assertEquals(Map.of("20261122_7", 5L, "20261122_9", 2L), Map.of(
                "20261122_7", day.rows("product_clickcount").get("20261122_7").get("click_count"),
                "20261122_9", day.rows("product_clickcount").get("20261122_9").get("click_count")));
        assertEquals(2, day.rows("product_clickcount").size());
        assertEquals(1, day.rows("pipeline_stats").size());
        assertEquals(1, day.rows("alerts").size());
        assertTrue(day.rows("alerts").containsKey("client_burst_203.0.113.66_1795305601000"));
        // In Tehran (+03:30) both windows ended on the 22nd.
        assertEquals(2, twoDays().ofDay("20261122", ZoneId.of("Asia/Tehran")).rows("alerts").size());
    }

    @Test
    public void searchReferralsAreSummedPerEngineAndAveragesUseOnlyTimedRequests() {
        CounterReport report = new CounterReport(twoDays());
        assertEquals(Map.of("www.google.com", 5L, "www.bing.com", 1L), report.clicksPerEngine());
        assertEquals("150", CounterReport.averageMs(twoDays().rows("host_stats").get("20261122_www.shop.example")));
        assertEquals("-", CounterReport.averageMs(Map.of("request_count", 3L)));
    }

    @Test
    public void everyOutputShowsRowKeysDecodedAsTheValuesWereLogged() {
        CounterSnapshot s = new CounterSnapshot();
        s.put("host_stats", "20261122_api_1.shop%20%C3%A9t%C3%A9", "request_count", 2);
        s.put("host_stats", "20261122_a%2Cb", "request_count", 1);
        s.put("product_search_clickcount", "20261122_%5B2001:db8::1%5D_7", "click_count", 3);
        s.put("alerts", "host_error_storm_a%20b_1795305601000", "count", 16);
        CounterReport report = new CounterReport(s);
        String table = report.table(5);
        assertTrue(table, table.contains("20261122_api_1.shop \u00e9t\u00e9 "));
        assertTrue(table, table.contains("host_error_storm_a b_1795305601000 "));
        assertEquals(Map.of("[2001:db8::1]", 3L), report.clicksPerEngine());
        assertTrue(report.json(), report.json().contains("\"20261122_api_1.shop \u00e9t\u00e9\": {\"request_count\": 2}"));
        assertTrue(report.csv(), report.csv().contains("host_stats,\"20261122_a,b\",request_count,1\n"));
        // A day's rows are still found by the encoded key's prefix.
        assertEquals(2, s.ofDay("20261122", ZoneOffset.UTC).rows("host_stats").size());
    }

    @Test
    public void tableAndCsvShowTheFigures() {
        CounterReport report = new CounterReport(twoDays());
        String table = report.table(1);
        assertTrue(table, table.contains("20261122_7") && !table.contains("20261122_9 "));
        assertTrue(table, table.matches("(?s).*www\\.shop\\.example\\s+10\\s+0\\s+0\\s+150\\n.*"));
        assertTrue(table, table.contains("valid 10, blacklisted 0, rejected 2 (bad_time 2)"));
        assertTrue(table, table.contains("Alerts (alerts): 2"));
        String csv = report.csv();
        assertTrue(csv, csv.startsWith("table,row,qualifier,value\n"));
        assertTrue(csv, csv.contains("product_search_clickcount,20261122_www.bing.com_9,click_count,1\n"));
        assertEquals(15, csv.lines().count());
    }
}
