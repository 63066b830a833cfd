package io.logpulse.config;

import io.logpulse.clean.SearchEngines;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/** Every LogPulse setting: its key, default, type and meaning. The README's reference is rendered from here. */
public enum ConfigKey {

    KAFKA_BOOTSTRAP_SERVERS("kafka.bootstrap.servers", "localhost:9092", Type.HOST_PORT_LIST,
            "Kafka brokers (host:port, comma-separated) to read log lines from and publish alerts to."),
    KAFKA_TOPIC("kafka.topic", "access-logs", Type.TOPIC,
            "Topic Flume writes raw access-log lines to."),
    KAFKA_ALERTS_TOPIC("kafka.alerts.topic", "alerts", Type.TOPIC,
            "Topic alerts are published to, one JSON object per message."),
    KAFKA_STATUS_TOPIC("kafka.status.topic", "logpulse-status", Type.TOPIC,
            "Topic the job publishes one JSON status object per completed batch to (records, processing time,"
                    + " scheduling delay, alerts): what monitors and `bin/logpulse demo` read."),
    KAFKA_GROUP_ID("kafka.group.id", "logpulse", Type.TEXT,
            "Kafka consumer group of the streaming job."),
    KAFKA_START("kafka.start", "ledger", Type.START,
            "Where the stream starts: 'ledger', where the job's batch ledger says the last batch ended (else at the"
                    + " group's committed offsets, else at the earliest); 'group', at the group's committed offsets even"
                    + " where the ledger has positions, for a new group set where it should start (the demo starts"
                    + " each run at the topic's end). Either way an unfinished batch is completed first."),
    KAFKA_MAX_RATE_PER_PARTITION("kafka.max.rate.per.partition", "0", Type.NON_NEGATIVE_LONG,
            "Most records per second read from each partition (back-pressure cap); 0 = unlimited."),
    BATCH_INTERVAL_SECONDS("batch.interval.seconds", "5", Type.POSITIVE_INT,
            "Spark Streaming batch interval; every rule window and slide must be a multiple of it."),
    CHECKPOINT_DIR("checkpoint.dir", "hdfs:///logpulse/checkpoint", Type.TEXT,
            "Spark checkpoint directory for the window and per-key state of the running job. The job never resumes"
                    + " from it (its batch ledger in HBase says where to go on) and empties it at start."),
    ARCHIVE_DIR("archive.dir", "hdfs:///logpulse/archive", Type.TEXT,
            "Directory where raw lines are archived."),
    HBASE_TABLE_PREFIX("hbase.table.prefix", "", Type.TABLE_PREFIX,
            "Prepended to every HBase table name (a namespace such as 'test:' or a prefix), so runs can be isolated."),
    DAY_ZONE("day.zone", "UTC", Type.ZONE,
            "Time zone whose midnight starts a new day in row keys (yyyyMMdd)."),
    LOG_ZONE("log.zone", "UTC", Type.ZONE,
            "Time zone of log timestamps written without an offset (the tab-separated yyyy-MM-dd HH:mm:ss format)."),
    LOG_FORMAT("log.format", "", Type.LOG_FORMAT,
            "Format of the access-log lines. Empty or 'auto': recognised per line (JSON, the tab-separated seed-002"
                    + " log, combined with any extra fields, Common Log Format); 'combined', 'common', 'json' or 'tsv' for"
                    + " that one only; or the server's own format string, an nginx log_format"
                    + " ('$remote_addr - $remote_user [$time_local] \"$request\" $status ... $request_time $host') or an"
                    + " Apache LogFormat ('%h %l %u %t \"%r\" %>s %b ... %D %v'), which then reads $host / %v as the host,"
                    + " $request_time / %D / %T as the request time and $server_name as the server; other fields are skipped."),
    CLIENT_IP("client.ip", "remote-addr", Type.CLIENT_IP,
            "Which address is the client: 'remote-addr', the connection's peer; or 'x-forwarded-for', the first public"
                    + " address of the X-Forwarded-For field (behind a load balancer), else the peer. The field is read"
                    + " from a declared $http_x_forwarded_for / %{X-Forwarded-For}i, a JSON http_x_forwarded_for, or"
                    + " combined's first extra when it is a quoted address list (nginx's 'main')."),
    SEARCH_ENGINES("search.engines", "google,bing,yahoo,duckduckgo,baidu,yandex", Type.ENGINE_LIST,
            "Comma-separated search engine names; a referer host like www.google.co.uk counts as engine 'google'."),
    TIME_MAX_AGE_DAYS("time.max.age.days", "400", Type.POSITIVE_INT,
            "A line whose request time is more than this many days before its batch's time is rejected"
                    + " (time_out_of_range); replaying last month's logs still counts them."),
    TIME_MAX_AHEAD_HOURS("time.max.ahead.hours", "24", Type.POSITIVE_INT,
            "A line whose request time is more than this many hours after its batch's time is rejected"
                    + " (time_out_of_range); allows for servers whose clocks run ahead."),
    BLACKLIST_FILE("blacklist.file", "", Type.FILE_OR_EMPTY,
            "Local file of client IPs whose requests are dropped, one per line, '#' comments; empty = no blacklist."),
    CLIENT_BURST_THRESHOLD("rule.client_burst.threshold", "10", Type.NON_NEGATIVE_LONG,
            "client_burst alerts when one client IP sends more than this many requests in the window."),
    CLIENT_BURST_WINDOW_SECONDS("rule.client_burst.window.seconds", "20", Type.POSITIVE_INT,
            "client_burst counting window."),
    CLIENT_BURST_SLIDE_SECONDS("rule.client_burst.slide.seconds", "5", Type.POSITIVE_INT,
            "How often client_burst is evaluated; must divide the window."),
    HOST_ERROR_STORM_THRESHOLD("rule.host_error_storm.threshold", "15", Type.NON_NEGATIVE_LONG,
            "host_error_storm alerts when one host answers more than this many 4xx in the window."),
    HOST_ERROR_STORM_WINDOW_SECONDS("rule.host_error_storm.window.seconds", "60", Type.POSITIVE_INT,
            "host_error_storm counting window."),
    HOST_ERROR_STORM_SLIDE_SECONDS("rule.host_error_storm.slide.seconds", "5", Type.POSITIVE_INT,
            "How often host_error_storm is evaluated; must divide the window."),
    ALERTS_ALLOWED_LATENESS_SECONDS("alerts.allowed.lateness.seconds", "30", Type.NON_NEGATIVE_LONG,
            "Alert windows are on the request's own time; one is final once lines this much newer have been seen."
                    + " Later lines still count where their windows are not yet final, else alerting ignores them."),
    STATE_RETENTION_DAYS("state.retention.days", "2", Type.POSITIVE_INT,
            "Days the driver keeps a day's live totals per host and country; older days expire."),
    SERVER_NAME("server.name", "", Type.HOST_NAME_OR_EMPTY,
            "Host to count a line under when its log format has no virtual host and its Kafka record names no"
                    + " server (LogPulse's Flume source names its own host); empty: such lines count under UNKNOWN."),
    LINE_IDS_RETENTION_DAYS("line.ids.retention.days", "7", Type.POSITIVE_INT,
            "Days the batch ledger remembers which lines of a log file were counted after its last line; a Flume"
                    + " agent re-sending older lines of it would have them counted again."),
    LEASE_TIMEOUT_SECONDS("lease.timeout.seconds", "30", Type.POSITIVE_INT,
            "A running job renews its lease on the tables every quarter of this; a job that starts waits this long"
                    + " for an unrenewed lease (a dead job's) to lapse, and refuses to start while it is renewed."),
    APP_NAME("app.name", "logpulse", Type.TEXT,
            "Spark application name, as shown by YARN.");

    public static final String PREFIX = "logpulse.";

    private final String key;
    private final String defaultValue;
    private final Type type;
    private final String description;

    ConfigKey(String shortKey, String defaultValue, Type type, String description) {
        this.key = PREFIX + shortKey;
        this.defaultValue = defaultValue;
        this.type = type;
        this.description = description;
    }

    /** Full key, e.g. {@code logpulse.kafka.topic}. */
    public String key() {
        return key;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public Type type() {
        return type;
    }

    public String description() {
        return description;
    }

    /** @return the key with this full name, or null */
    public static ConfigKey byKey(String key) {
        for (ConfigKey candidate : values()) {
            if (candidate.key.equals(key)) {
                return candidate;
            }
        }
        return null;
    }

    void check(String value) {
        if (!type.accepts.test(value)) {
            throw ConfigException.badValue(key, value, type.expected);
        }
    }

    /** What a value must look like; {@code expected} is the phrase shown in error messages. */
    public enum Type {
        TEXT("a non-empty value", value -> !value.isBlank()),
        TOPIC("a Kafka topic name of letters, digits, '.', '_' or '-'", Pattern.compile("[A-Za-z0-9._-]{1,249}").asMatchPredicate()),
        HOST_PORT_LIST("host:port[,host:port...] with ports 1..65535", Type::isHostPortList),
        POSITIVE_INT("a whole number > 0", value -> parsesWithin(value, 1, Integer.MAX_VALUE)),
        NON_NEGATIVE_LONG("a whole number >= 0", value -> parsesWithin(value, 0, Long.MAX_VALUE)),
        ZONE("a time zone id such as UTC, Europe/Berlin or +03:30", Type::isZone),
        ENGINE_LIST("comma-separated search engine names such as google,bing", Type::isEngineList),
        TABLE_PREFIX("empty, or letters, digits, '_', '.' or '-', optionally starting with a namespace and ':'",
                Pattern.compile("([A-Za-z0-9_.-]+:)?[A-Za-z0-9_.-]*").asMatchPredicate()),
        FILE_OR_EMPTY("empty, or a path to a readable file", value -> true),
        HOST_NAME_OR_EMPTY("empty, or a host name of letters, digits, '.', '_' or '-'",
                Pattern.compile("[A-Za-z0-9._-]{0,255}").asMatchPredicate()),
        START("'ledger' or 'group'", value -> value.equals("ledger") || value.equals("group")),
        /** Checked by compiling it when the configuration loads, for a message that says what is wrong. */
        LOG_FORMAT("empty, auto, combined, common, json, tsv, or an nginx log_format / Apache LogFormat string",
                value -> true),
        CLIENT_IP("'remote-addr' or 'x-forwarded-for'", value -> value.equals("remote-addr") || value.equals("x-forwarded-for"));

        private final String expected;
        private final Predicate<String> accepts;

        Type(String expected, Predicate<String> accepts) {
            this.expected = expected;
            this.accepts = accepts;
        }

        public String expected() {
            return expected;
        }

        private static boolean parsesWithin(String value, long min, long max) {
            try {
                long number = Long.parseLong(value);
                return number >= min && number <= max;
            } catch (NumberFormatException e) {
                return false;
            }
        }

        private static boolean isHostPortList(String value) {
            for (String server : value.split(",", -1)) {
                int colon = server.lastIndexOf(':');
                if (colon <= 0 || server.isBlank() || !server.equals(server.strip())
                        || !parsesWithin(server.substring(colon + 1), 1, 65535)) {
                    return false;
                }
            }
            return true;
        }

        private static boolean isZone(String value) {
            try {
                ZoneId.of(value);
                return true;
            } catch (DateTimeException e) {
                return false;
            }
        }

        private static boolean isEngineList(String value) {
            try {
                SearchEngines.parse(value);
                return true;
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
    }
}
