package io.logpulse.clean;

import io.logpulse.config.LogPulseConfig;
import io.logpulse.counters.CounterCell;
import io.logpulse.counters.DayTotals;
import io.logpulse.counters.RowKeyPart;
import io.logpulse.event.Reject;
import io.logpulse.job.PipelineGraph;
import io.logpulse.rules.Alert;
import io.logpulse.rules.AlertRule;
import io.logpulse.rules.EventTimeWindows;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Jazzer's target (run by {@link LineTriageFuzzIT}): one input through everything the job does per line or per
 * key in domain code, as the job builds it from the default settings. Throwing is a finding; so is a reject for
 * {@code internal_error} or {@code parser_error}, since those are the safety nets that hide a bug from the batch.
 */
public final class LineTriageFuzzTarget {

    static final Instant BATCH = Instant.parse("2026-11-21T10:00:00Z");

    private static final LogPulseConfig CONFIG = LogPulseConfig.defaults();
    private static final LineTriage TRIAGE = PipelineGraph.lineTriage(CONFIG);
    private static final List<AlertRule> RULES = List.of(CONFIG.clientBurstRule(), CONFIG.hostErrorStormRule());
    private static final LocalDate TODAY = LocalDate.ofInstant(BATCH, CONFIG.dayZone());

    private LineTriageFuzzTarget() {
    }

    /** The input as one Kafka value (decoded as its StringDeserializer does), and each of its lines alone. */
    public static void fuzzerTestOneInput(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        triage(text);
        if (text.indexOf('\n') >= 0) {
            for (String line : text.split("\n", -1)) {
                triage(line);
            }
        }
    }

    private static void triage(String raw) {
        TriagedLine line = TRIAGE.triage(raw, BATCH);
        if (line.fate() == TriagedLine.Fate.REJECTED) {
            String reason = line.reject().reason();
            if (reason.equals(Reject.INTERNAL_ERROR) || reason.equals(Reject.PARSER_ERROR)) {
                throw new IllegalStateException(reason + " on " + quoted(raw) + ": " + line.reject().detail());
            }
        }
        for (CounterCell cell : line.cells()) {
            if (!isStoredKey(cell.rowKey())) {
                throw new IllegalStateException("row key " + quoted(cell.rowKey()) + " of " + quoted(raw));
            }
        }
        if (line.counted()) {
            downstream(line.event(), raw);
        }
    }

    /**
     * What a stored row key may hold: what RowKeyPart keeps, and its %XX escapes. A loop, not a regex: Java's
     * matcher recurses once per repetition of a group, and a key of 255 escaped characters overflowed the stack
     * the fuzzer runs with.
     */
    static boolean isStoredKey(String key) {
        int i = 0;
        while (i < key.length()) {
            char c = key.charAt(i);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || ".-_:".indexOf(c) >= 0) {
                i++;
            } else if (c == '%' && i + 2 < key.length() && isUpperHex(key.charAt(i + 1))
                    && isUpperHex(key.charAt(i + 2))) {
                i += 3;
            } else {
                return false;
            }
        }
        return !key.isEmpty();
    }

    private static boolean isUpperHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F');
    }

    /** The job's later per-event and per-key steps: day state, both rules, the alerts they raise. */
    private static void downstream(CleanEvent event, String raw) {
        roundTrip(event.host(), raw);
        roundTrip(event.countryKey(), raw);
        if (event.searchEngine() != null) {
            roundTrip(event.refererHost(), raw);
        }
        // Whether it expires does not matter (a replayed old line counts in HBase, not in the live state); that
        // it answers does.
        DayTotals.of(event).plus(DayTotals.of(event)).expired(TODAY, CONFIG.stateRetentionDays());
        for (AlertRule rule : RULES) {
            Optional<String> key = rule.keyOf(event);
            if (key.isPresent()) {
                long time = event.event().time().toEpochMilli();
                EventTimeWindows.Evaluation evaluation = EventTimeWindows.none(rule, Long.MIN_VALUE)
                        .add(rule, Map.of(EventTimeWindows.bucketOf(rule, time), rule.threshold() + 1))
                        .evaluate(rule, key.get(), time);
                for (Alert alert : evaluation.raised()) {
                    String row = alert.rowKey();
                    String keyPart = row.substring(rule.name().length() + 1, row.lastIndexOf('_'));
                    if (!RowKeyPart.decode(keyPart).equals(key.get())) {
                        throw new IllegalStateException("alert row " + quoted(row) + " lost key " + quoted(key.get()));
                    }
                    alert.toJson();
                }
            }
        }
    }

    private static void roundTrip(String value, String raw) {
        if (value != null && !value.isBlank() && !RowKeyPart.decode(RowKeyPart.of(value)).equals(value)) {
            throw new IllegalStateException("row key of " + quoted(value) + " does not decode back, in " + quoted(raw));
        }
    }

    private static String quoted(String text) {
        String shown = text.length() > 300 ? text.substring(0, 300) + "..." : text;
        return "'" + shown.replace("\n", "\\n") + "'";
    }
}
