package io.logpulse.config;

import io.logpulse.clean.Blacklist;
import io.logpulse.clean.RequestTimeRange;
import io.logpulse.clean.SearchEngines;
import io.logpulse.event.AccessLogParser;
import io.logpulse.event.ClientIpSource;
import io.logpulse.rules.ClientBurstRule;
import io.logpulse.rules.HostErrorStormRule;
import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * LogPulse's settings: defaults from {@link ConfigKey}, then a {@code .properties} file, then
 * overrides ({@code -Dlogpulse.x=y} or {@code --conf x=y}). Everything is checked when loading, so
 * a bad value stops the job at start-up with a {@link ConfigException} instead of mid-stream.
 */
public final class LogPulseConfig implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Exit status of the job and scripts when the configuration is unusable. */
    public static final int EXIT_BAD_CONFIG = 2;

    /** Unknown keys within this edit distance of a real one get a "did you mean" hint. */
    private static final int TYPO_DISTANCE = 3;

    private final EnumMap<ConfigKey, String> values;
    private final Blacklist blacklist;

    private LogPulseConfig(EnumMap<ConfigKey, String> values) {
        this.values = values;
        validateRules();
        accessLogParser();
        this.blacklist = loadBlacklist();
    }

    public static LogPulseConfig defaults() {
        return fromMap(Map.of());
    }

    /**
     * @param settings full keys ({@code logpulse.kafka.topic}) to values; keys outside the
     *                 {@code logpulse.} prefix are ignored, unknown ones inside it are refused
     */
    public static LogPulseConfig fromMap(Map<String, String> settings) {
        EnumMap<ConfigKey, String> values = new EnumMap<>(ConfigKey.class);
        for (ConfigKey key : ConfigKey.values()) {
            values.put(key, key.defaultValue());
        }
        for (Map.Entry<String, String> setting : settings.entrySet()) {
            ConfigKey key = known(setting.getKey());
            if (key != null) {
                String value = setting.getValue() == null ? "" : setting.getValue().strip();
                key.check(value);
                values.put(key, value);
            }
        }
        return new LogPulseConfig(values);
    }

    /** Reads the file, then applies the overrides on top of it. */
    public static LogPulseConfig load(Path propertiesFile, Map<String, String> overrides) {
        Map<String, String> settings = new LinkedHashMap<>(readProperties(propertiesFile));
        settings.putAll(overrides);
        return fromMap(settings);
    }

    /** The {@code logpulse.*} entries of, typically, {@code System.getProperties()}. */
    /**
     * Settings of a command: {@code [--config FILE] [--conf key=value ...]}. The file defaults to
     * {@code logpulse.properties} in the working directory (where {@code spark-submit --files} puts it) when one is
     * there, else the built-in defaults; then {@code -Dlogpulse.*} system properties, then the {@code --conf} pairs.
     */
    public static LogPulseConfig fromCommandLine(List<String> args) {
        List<String> rest = new ArrayList<>(args);
        Path file = Path.of("logpulse.properties");
        boolean explicit = false;
        int at = rest.indexOf("--config");
        if (at >= 0) {
            if (at + 1 >= rest.size()) {
                throw new ConfigException(null, "--config needs a file");
            }
            file = Path.of(rest.get(at + 1));
            explicit = true;
            rest.subList(at, at + 2).clear();
        }
        if (explicit && !Files.isReadable(file)) {
            throw new ConfigException(null, "--config " + file + ": no readable file there");
        }
        Map<String, String> overrides = new LinkedHashMap<>(overridesFrom(System.getProperties()));
        overrides.putAll(overridesFromArgs(rest));
        return Files.isReadable(file) ? load(file, overrides) : fromMap(overrides);
    }

    public static Map<String, String> overridesFrom(Properties systemProperties) {
        Map<String, String> overrides = new LinkedHashMap<>();
        for (String name : systemProperties.stringPropertyNames()) {
            if (name.startsWith(ConfigKey.PREFIX)) {
                overrides.put(name, systemProperties.getProperty(name));
            }
        }
        return overrides;
    }

    /**
     * Reads {@code --conf key=value} pairs; the {@code logpulse.} prefix may be left out.
     *
     * @throws ConfigException on any other argument, or a pair without '='
     */
    public static Map<String, String> overridesFromArgs(List<String> args) {
        Map<String, String> overrides = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            if (!args.get(i).equals("--conf") || i + 1 >= args.size()) {
                throw new ConfigException(null, "unexpected argument '" + args.get(i) + "': expected --conf key=value");
            }
            String pair = args.get(++i);
            int equals = pair.indexOf('=');
            if (equals <= 0) {
                throw new ConfigException(null, "--conf '" + pair + "': expected key=value");
            }
            String key = pair.substring(0, equals).strip();
            overrides.put(key.startsWith(ConfigKey.PREFIX) ? key : ConfigKey.PREFIX + key, pair.substring(equals + 1));
        }
        return overrides;
    }

    // ---- typed getters

    public String get(ConfigKey key) {
        return values.get(key);
    }

    public String kafkaBootstrapServers() {
        return get(ConfigKey.KAFKA_BOOTSTRAP_SERVERS);
    }

    public String kafkaTopic() {
        return get(ConfigKey.KAFKA_TOPIC);
    }

    public String kafkaAlertsTopic() {
        return get(ConfigKey.KAFKA_ALERTS_TOPIC);
    }

    public String kafkaStatusTopic() {
        return get(ConfigKey.KAFKA_STATUS_TOPIC);
    }

    public String kafkaGroupId() {
        return get(ConfigKey.KAFKA_GROUP_ID);
    }

    /** Whether the stream starts where the batch ledger says (true) or at the group's committed offsets. */
    public boolean startsAtLedger() {
        return get(ConfigKey.KAFKA_START).equals("ledger");
    }

    /** Records per second per partition, 0 = unlimited. */
    public long kafkaMaxRatePerPartition() {
        return longValue(ConfigKey.KAFKA_MAX_RATE_PER_PARTITION);
    }

    public Duration batchInterval() {
        return seconds(ConfigKey.BATCH_INTERVAL_SECONDS);
    }

    public String checkpointDir() {
        return get(ConfigKey.CHECKPOINT_DIR);
    }

    public String archiveDir() {
        return get(ConfigKey.ARCHIVE_DIR);
    }

    public String hbaseTablePrefix() {
        return get(ConfigKey.HBASE_TABLE_PREFIX);
    }

    /** The HBase table to use for a name from {@code CounterTables}, with the configured prefix. */
    public String tableName(String table) {
        return hbaseTablePrefix() + table;
    }

    public ZoneId dayZone() {
        return ZoneId.of(get(ConfigKey.DAY_ZONE));
    }

    public ZoneId logZone() {
        return ZoneId.of(get(ConfigKey.LOG_ZONE));
    }

    /**
     * The parser of the configured format and client address.
     *
     * @throws ConfigException when {@code logpulse.log.format} is no usable format (checked at load already)
     */
    public AccessLogParser accessLogParser() {
        String format = get(ConfigKey.LOG_FORMAT);
        try {
            return new AccessLogParser(logZone(), format, clientIpSource());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(ConfigKey.LOG_FORMAT.key(), ConfigKey.LOG_FORMAT.key() + " = '" + format + "': "
                    + e.getMessage() + "; expected " + ConfigKey.Type.LOG_FORMAT.expected());
        }
    }

    public ClientIpSource clientIpSource() {
        return ClientIpSource.of(get(ConfigKey.CLIENT_IP));
    }

    public SearchEngines searchEngines() {
        return SearchEngines.parse(get(ConfigKey.SEARCH_ENGINES));
    }

    /** The request times a line may carry, relative to its batch's time. */
    public RequestTimeRange requestTimeRange() {
        return new RequestTimeRange(Duration.ofDays(longValue(ConfigKey.TIME_MAX_AGE_DAYS)),
                Duration.ofHours(longValue(ConfigKey.TIME_MAX_AHEAD_HOURS)));
    }

    public Optional<Path> blacklistFile() {
        String file = get(ConfigKey.BLACKLIST_FILE);
        return file.isEmpty() ? Optional.empty() : Optional.of(Paths.get(file));
    }

    /** The blacklist read when the configuration was loaded; empty when no file is configured. */
    public Blacklist blacklist() {
        return blacklist;
    }

    public ClientBurstRule clientBurstRule() {
        return new ClientBurstRule(longValue(ConfigKey.CLIENT_BURST_THRESHOLD),
                seconds(ConfigKey.CLIENT_BURST_WINDOW_SECONDS), seconds(ConfigKey.CLIENT_BURST_SLIDE_SECONDS));
    }

    public HostErrorStormRule hostErrorStormRule() {
        return new HostErrorStormRule(longValue(ConfigKey.HOST_ERROR_STORM_THRESHOLD),
                seconds(ConfigKey.HOST_ERROR_STORM_WINDOW_SECONDS), seconds(ConfigKey.HOST_ERROR_STORM_SLIDE_SECONDS));
    }

    /** How far behind the newest request time seen an alert window's end must fall to be final. */
    public Duration alertsAllowedLateness() {
        return seconds(ConfigKey.ALERTS_ALLOWED_LATENESS_SECONDS);
    }

    public int stateRetentionDays() {
        return Integer.parseInt(get(ConfigKey.STATE_RETENTION_DAYS));
    }

    /** Null when not set. */
    public String serverName() {
        String name = get(ConfigKey.SERVER_NAME);
        return name.isEmpty() ? null : name;
    }

    public Duration lineIdsRetention() {
        return Duration.ofDays(Integer.parseInt(get(ConfigKey.LINE_IDS_RETENTION_DAYS)));
    }

    public Duration leaseTimeout() {
        return seconds(ConfigKey.LEASE_TIMEOUT_SECONDS);
    }

    public String appName() {
        return get(ConfigKey.APP_NAME);
    }

    /** Every key with its effective value, in declaration order (for logging at start-up). */
    public Map<String, String> asMap() {
        Map<String, String> map = new LinkedHashMap<>();
        values.forEach((key, value) -> map.put(key.key(), value));
        return map;
    }

    // ---- reference rendering

    /** The configuration reference as a Markdown table: key, default, meaning. */
    public static String markdownTable() {
        StringBuilder table = new StringBuilder("| Key | Default | Meaning |\n|---|---|---|\n");
        for (ConfigKey key : ConfigKey.values()) {
            String shown = key.defaultValue().isEmpty() ? "*(empty)*" : "`" + key.defaultValue() + "`";
            table.append("| `").append(key.key()).append("` | ").append(shown).append(" | ")
                    .append(key.description().replace("|", "\\|")).append(" |\n");
        }
        return table.toString();
    }

    /** A {@code .properties} file listing every key at its default, each under its meaning as a comment. */
    public static String propertiesTemplate() {
        StringBuilder file = new StringBuilder();
        for (ConfigKey key : ConfigKey.values()) {
            file.append("# ").append(key.description()).append('\n')
                    .append(key.key()).append('=').append(key.defaultValue()).append("\n\n");
        }
        return file.toString();
    }

    // ---- loading and checks

    private static Map<String, String> readProperties(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(null, "config file " + file + " does not exist or is not a file");
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException(null, "cannot read config file " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> settings = new LinkedHashMap<>();
        for (String name : properties.stringPropertyNames()) {
            settings.put(name, properties.getProperty(name));
        }
        return settings;
    }

    /** @return the key for a setting name, null when the name is not ours; throws for likely mistakes */
    private static ConfigKey known(String name) {
        ConfigKey key = ConfigKey.byKey(name);
        if (key != null) {
            return key;
        }
        if (name.startsWith(ConfigKey.PREFIX)) {
            String hint = closestKey(name).map(k -> " (did you mean " + k + "?)").orElse("");
            throw new ConfigException(name, "unknown key " + name + hint + ": expected one of the keys in the configuration reference");
        }
        if (ConfigKey.byKey(ConfigKey.PREFIX + name) != null) {
            throw new ConfigException(name, "key " + name + " lacks its prefix: expected " + ConfigKey.PREFIX + name);
        }
        return null;
    }

    private static Optional<String> closestKey(String name) {
        String best = null;
        int bestDistance = TYPO_DISTANCE + 1;
        for (ConfigKey key : ConfigKey.values()) {
            int distance = editDistance(name, key.key());
            if (distance < bestDistance) {
                best = key.key();
                bestDistance = distance;
            }
        }
        return Optional.ofNullable(best);
    }

    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    /** Spark needs windows and slides to be multiples of the batch interval, and the slide to divide the window. */
    private void validateRules() {
        checkWindow(ConfigKey.CLIENT_BURST_WINDOW_SECONDS, ConfigKey.CLIENT_BURST_SLIDE_SECONDS);
        checkWindow(ConfigKey.HOST_ERROR_STORM_WINDOW_SECONDS, ConfigKey.HOST_ERROR_STORM_SLIDE_SECONDS);
    }

    private void checkWindow(ConfigKey windowKey, ConfigKey slideKey) {
        long batch = longValue(ConfigKey.BATCH_INTERVAL_SECONDS);
        long window = longValue(windowKey);
        long slide = longValue(slideKey);
        for (ConfigKey key : List.of(windowKey, slideKey)) {
            if (longValue(key) % batch != 0) {
                throw ConfigException.badValue(key.key(), get(key),
                        "a multiple of " + ConfigKey.BATCH_INTERVAL_SECONDS.key() + " (" + batch + ")");
            }
        }
        if (window % slide != 0) {
            throw ConfigException.badValue(slideKey.key(), get(slideKey),
                    "a divisor of " + windowKey.key() + " (" + window + ")");
        }
    }

    private Blacklist loadBlacklist() {
        Optional<Path> file = blacklistFile();
        if (file.isEmpty()) {
            return Blacklist.empty();
        }
        String key = ConfigKey.BLACKLIST_FILE.key();
        if (!Files.isRegularFile(file.get()) || !Files.isReadable(file.get())) {
            throw ConfigException.badValue(key, file.get().toString(), ConfigKey.Type.FILE_OR_EMPTY.expected());
        }
        try {
            return Blacklist.load(file.get());
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException(key, key + " = '" + file.get() + "': " + e.getMessage()
                    + "; expected one IPv4 or IPv6 address per line", e);
        }
    }

    private long longValue(ConfigKey key) {
        return Long.parseLong(get(key));
    }

    private Duration seconds(ConfigKey key) {
        return Duration.ofSeconds(longValue(key));
    }

    @Override
    public String toString() {
        return "LogPulseConfig" + asMap();
    }
}
