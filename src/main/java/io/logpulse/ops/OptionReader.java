package io.logpulse.ops;

import java.util.List;

/** Walks a command's arguments option by option; a missing value is a {@link UsageException} naming the option. */
final class OptionReader {

    private final List<String> args;
    private int at;

    OptionReader(List<String> args) {
        this.args = List.copyOf(args);
    }

    boolean hasNext() {
        return at < args.size();
    }

    String next() {
        return args.get(at++);
    }

    /** The value after {@code option}; {@code need} says what it takes when there is none. */
    String value(String option, String need) {
        if (at >= args.size()) {
            throw new UsageException(option + " " + need);
        }
        return args.get(at++);
    }

    /** A whole number of 0 or more after {@code option}. */
    long wholeNumber(String option) {
        String value = value(option, "takes a whole number");
        if (!value.matches("[0-9]{1,18}")) {
            throw new UsageException(option + " takes a whole number, got '" + value + "'");
        }
        return Long.parseLong(value);
    }
}
