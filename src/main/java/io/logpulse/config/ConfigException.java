package io.logpulse.config;

/**
 * A configuration value LogPulse cannot run with. The message names the key, the value and what
 * was expected, so it can be printed as-is before exiting with {@link LogPulseConfig#EXIT_BAD_CONFIG}.
 */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String key;

    public ConfigException(String key, String message) {
        super(message);
        this.key = key;
    }

    public ConfigException(String key, String message, Throwable cause) {
        super(message, cause);
        this.key = key;
    }

    static ConfigException badValue(String key, String value, String expected) {
        return new ConfigException(key, key + " = '" + value + "': expected " + expected);
    }

    /** Prints {@code <command>: bad configuration: <message>} and exits with {@link LogPulseConfig#EXIT_BAD_CONFIG}. */
    public void exit(String command) {
        System.err.println(describe(command));
        System.exit(LogPulseConfig.EXIT_BAD_CONFIG);
    }

    /** {@code <command>: bad configuration: <message>}, for a caller that must not exit. */
    public String describe(String command) {
        return command + ": bad configuration: " + getMessage();
    }

    /** The offending key with its {@code logpulse.} prefix, or null when the problem is the file itself. */
    public String key() {
        return key;
    }
}
