package io.logpulse.event;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A format the user declared ({@code logpulse.log.format}), compiled once into a list of steps: literal text
 * to match, and fields to read up to the character that follows them in the format. A field between quotes
 * is read as quoted text (escapes decoded, spaces allowed) and may also be a bare {@code -}; a space in the
 * format matches a run of spaces. Fields LogPulse has no use for are read past and dropped.
 */
final class DeclaredFormat implements LogFormat {

    private static final long serialVersionUID = 1L;

    /**
     * One compiled step: a literal (only {@code literal} set) or a field.
     *
     * @param stop the character that ends an unquoted field; for the last field, a space
     */
    private record Step(String literal, FieldKind kind, String name, boolean quoted, char stop, boolean last)
            implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    private final String spec;
    private final List<Step> steps;
    private final boolean trailingFields;

    private DeclaredFormat(String spec, List<Step> steps, boolean trailingFields) {
        this.spec = spec;
        this.steps = steps;
        this.trailingFields = trailingFields;
    }

    /**
     * @param trailingFields whether a line may go on after the format's last field (combined's extras); what
     *                       follows is kept in {@link LoggedFields#trailing}
     * @throws IllegalArgumentException when the text is not a usable format, saying why
     */
    static DeclaredFormat compile(String spec, boolean trailingFields) {
        List<FormatSpec.Part> parts = FormatSpec.parse(spec);
        List<String> literals = new ArrayList<>();
        for (FormatSpec.Part part : parts) {
            literals.add(part.literal());
        }
        boolean[] quoted = new boolean[parts.size()];
        for (int k = 1; k + 1 < parts.size(); k++) {
            String before = literals.get(k - 1);
            String after = literals.get(k + 1);
            if (parts.get(k).kind() != null && before != null && after != null && before.endsWith("\"") && after.startsWith("\"")) {
                quoted[k] = true;
                literals.set(k - 1, before.substring(0, before.length() - 1));
                literals.set(k + 1, after.substring(1));
            }
        }
        List<Step> steps = new ArrayList<>();
        Set<FieldKind> declared = EnumSet.noneOf(FieldKind.class);
        boolean client = false;
        boolean time = false;
        boolean status = false;
        for (int k = 0; k < parts.size(); k++) {
            FormatSpec.Part part = parts.get(k);
            if (part.kind() == null) {
                if (!literals.get(k).isEmpty()) {
                    steps.add(new Step(literals.get(k), null, null, false, ' ', false));
                }
                continue;
            }
            FieldKind kind = part.kind();
            // A field logged twice (%h and %a, $time_local and $msec) keeps its first value.
            if (!declared.add(kind.isTime() ? FieldKind.TIME_LOCAL : kind)) {
                kind = FieldKind.SKIPPED;
            }
            client |= kind == FieldKind.CLIENT;
            time |= kind.isTime();
            status |= kind == FieldKind.STATUS;
            steps.add(new Step(null, kind, part.name(), quoted[k], ' ', false));
        }
        requireField(client, "client address ($remote_addr or %h)", spec);
        requireField(time, "time ($time_local, $time_iso8601, $msec or %t)", spec);
        requireField(status, "status ($status or %>s)", spec);
        return new DeclaredFormat(spec, withStops(steps), trailingFields);
    }

    /** Sets each field's stop character, refusing two unquoted fields with nothing between them. */
    private static List<Step> withStops(List<Step> steps) {
        List<Step> compiled = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            if (step.literal() != null) {
                compiled.add(step);
                continue;
            }
            Step next = i + 1 < steps.size() ? steps.get(i + 1) : null;
            if (next != null && next.literal() == null && !next.quoted() && !step.quoted()) {
                throw new IllegalArgumentException(step.name() + " and " + next.name()
                        + " follow each other with nothing between them, so no line can say where one ends");
            }
            char stop = next == null ? ' ' : next.literal() != null ? next.literal().charAt(0) : '"';
            compiled.add(new Step(null, step.kind(), step.name(), step.quoted(), stop, next == null));
        }
        return List.copyOf(compiled);
    }

    private static void requireField(boolean present, String what, String spec) {
        if (!present) {
            throw new IllegalArgumentException("the format has no " + what + " field"
                    + ", which every request needs: '" + spec + "'");
        }
    }

    /** Every line is taken to be in the declared format; only reading it can tell otherwise. */
    @Override
    public boolean accepts(String line) {
        return true;
    }

    @Override
    public LoggedFields read(String line) throws LineRejected {
        LoggedFields fields = new LoggedFields();
        int pos = 0;
        boolean afterQuote = false;
        for (Step step : steps) {
            if (step.literal() != null) {
                pos = matchLiteral(line, pos, step.literal(), afterQuote);
                afterQuote = false;
                continue;
            }
            if (pos >= line.length()) {
                throw new LineRejected(Reject.WRONG_FIELD_COUNT, "line ends before " + step.name());
            }
            String value;
            if (step.quoted() && line.charAt(pos) == '"') {
                int close = DecodedText.plainEnd(line, pos + 1);
                if (close >= 0) {
                    value = line.substring(pos + 1, close);
                    pos = close + 1;
                } else {
                    DecodedText text = new DecodedText();
                    pos = text.appendQuoted(line, pos + 1);
                    value = text.build();
                }
                afterQuote = true;
            } else if (step.quoted()) {
                // Some servers write an absent header as a bare '-' even where the format quotes it.
                if (line.charAt(pos) != '-' || (pos + 1 < line.length() && line.charAt(pos + 1) != step.stop())) {
                    throw new LineRejected(Reject.BAD_QUOTES, step.name() + " must be \"quoted\" at offset " + pos);
                }
                value = "-";
                pos++;
                afterQuote = false;
            } else {
                int end = fieldEnd(line, pos, step);
                value = line.substring(pos, end);
                if (value.indexOf('"') >= 0) {
                    throw new LineRejected(Reject.BAD_QUOTES, "stray quote in " + step.name() + ": " + FieldValues.snippet(value));
                }
                pos = end;
                afterQuote = false;
            }
            step.kind().store(value, fields);
        }
        if (pos < line.length()) {
            if (trailingFields && line.charAt(pos) == ' ') {
                fields.trailing = line.substring(pos);
            } else if (afterQuote) {
                throw new LineRejected(Reject.BAD_QUOTES, "text right after a closing quote at offset " + pos + " (injected quote?)");
            } else {
                throw new LineRejected(Reject.WRONG_FIELD_COUNT,
                        "text after the last field of the format: " + FieldValues.snippet(line.substring(pos)));
            }
        }
        return fields;
    }

    private static int matchLiteral(String line, int pos, String literal, boolean afterQuote) throws LineRejected {
        int i = 0;
        while (i < literal.length()) {
            char want = literal.charAt(i);
            if (pos >= line.length()) {
                throw new LineRejected(Reject.WRONG_FIELD_COUNT, "line ends where the format goes on with '" + literal + "'");
            }
            char got = line.charAt(pos);
            if (got != want) {
                if (afterQuote && i == 0) {
                    throw new LineRejected(Reject.BAD_QUOTES, "text right after a closing quote at offset " + pos + " (injected quote?)");
                }
                if (want == '"' || want == '[' || want == ']' || got == '"') {
                    throw new LineRejected(Reject.BAD_QUOTES, "expected '" + want + "' at offset " + pos + ", found '" + got + "'");
                }
                throw new LineRejected(Reject.FORMAT_MISMATCH, "expected '" + literal + "' at offset " + pos + ", found "
                        + FieldValues.snippet(line.substring(pos)));
            }
            if (want == ' ') {
                while (pos < line.length() && line.charAt(pos) == ' ') {
                    pos++;
                }
                while (i < literal.length() && literal.charAt(i) == ' ') {
                    i++;
                }
            } else {
                pos++;
                i++;
            }
        }
        return pos;
    }

    /** Where an unquoted field ends: at its stop character, or for Apache's bracketed {@code %t}, after the ']'. */
    private static int fieldEnd(String line, int pos, Step step) throws LineRejected {
        if (step.kind() == FieldKind.TIME_LOCAL && line.charAt(pos) == '[') {
            int close = line.indexOf(']', pos);
            if (close < 0) {
                throw new LineRejected(Reject.TRUNCATED, "'[' without ']' (truncated line?)");
            }
            return close + 1;
        }
        int end = line.indexOf(step.stop(), pos);
        // nginx joins the values of several upstreams (and an unquoted X-Forwarded-For) with ", ".
        while (end > pos && step.stop() == ' ' && line.charAt(end - 1) == ',' && end + 1 < line.length()
                && line.charAt(end + 1) != ' ') {
            end = line.indexOf(' ', end + 1);
        }
        if (end >= 0) {
            return end;
        }
        if (step.last()) {
            return line.length();
        }
        if (step.stop() == ']') {
            throw new LineRejected(Reject.TRUNCATED, "'[' without ']' (truncated line?)");
        }
        throw new LineRejected(Reject.WRONG_FIELD_COUNT, "line ends in " + step.name() + ", where the format goes on");
    }

    @Override
    public String toString() {
        return "DeclaredFormat[" + spec + "]";
    }
}
