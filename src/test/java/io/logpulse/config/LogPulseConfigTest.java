package io.logpulse.config;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.logpulse.event.ClientIpSource;
import io.logpulse.rules.ClientBurstRule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class LogPulseConfigTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private Path propertiesFile(String text) throws Exception {
        Path file = folder.newFile().toPath();
        Files.writeString(file, text);
        return file;
    }

    /** Asserts loading fails and the message names the key and the value. */
    private static ConfigException assertBad(Map<String, String> settings, String key, String value) {
        try {
            LogPulseConfig.fromMap(settings);
            fail("expected ConfigException for " + settings);
            return null;
        } catch (ConfigException e) {
            assertEquals(key, e.key());
            assertTrue(e.getMessage(), e.getMessage().contains(key));
            assertTrue(e.getMessage(), e.getMessage().contains(value));
            assertTrue(e.getMessage(), e.getMessage().contains("expected"));
            return e;
        }
    }

    @Test
    public void defaultsWorkOnALocalStack() {
        LogPulseConfig config = LogPulseConfig.defaults();
        assertEquals("localhost:9092", config.kafkaBootstrapServers());
        assertEquals("access-logs", config.kafkaTopic());
        assertEquals("alerts", config.kafkaAlertsTopic());
        assertEquals("logpulse", config.kafkaGroupId());
        assertEquals(0, config.kafkaMaxRatePerPartition());
        assertEquals(Duration.ofSeconds(5), config.batchInterval());
        assertEquals("hdfs:///logpulse/checkpoint", config.checkpointDir());
        assertEquals("hdfs:///logpulse/archive", config.archiveDir());
        assertEquals("", config.hbaseTablePrefix());
        assertEquals("product_clickcount", config.tableName("product_clickcount"));
        assertEquals(ZoneId.of("UTC"), config.dayZone());
        assertEquals(ZoneId.of("UTC"), config.logZone());
        assertEquals(List.of("google", "bing", "yahoo", "duckduckgo", "baidu", "yandex"), config.searchEngines().names());
        assertEquals(Optional.empty(), config.blacklistFile());
        assertEquals(0, config.blacklist().size());
        ClientBurstRule burst = config.clientBurstRule();
        assertEquals(10, burst.threshold());
        assertEquals(Duration.ofSeconds(20), burst.window());
        assertEquals(Duration.ofSeconds(5), burst.slide());
        assertEquals(15, config.hostErrorStormRule().threshold());
        assertEquals(Duration.ofSeconds(60), config.hostErrorStormRule().window());
        assertEquals(2, config.stateRetentionDays());
        assertEquals("logpulse", config.appName());
    }

    @Test
    public void fileThenOverrides() throws Exception {
        Path file = propertiesFile("# test\nlogpulse.kafka.topic = web-logs\nlogpulse.batch.interval.seconds=10\n"
                + "logpulse.rule.client_burst.window.seconds=30\nlogpulse.rule.client_burst.slide.seconds=10\n"
                + "logpulse.rule.host_error_storm.slide.seconds=10\nlogpulse.hbase.table.prefix=it:\n"
                + "spark.executor.memory=1g\n");
        LogPulseConfig config = LogPulseConfig.load(file, Map.of("logpulse.kafka.topic", "override-logs",
                "logpulse.day.zone", "Asia/Tehran"));
        assertEquals("override-logs", config.kafkaTopic());
        assertEquals(Duration.ofSeconds(10), config.batchInterval());
        assertEquals(Duration.ofSeconds(30), config.clientBurstRule().window());
        assertEquals(ZoneId.of("Asia/Tehran"), config.dayZone());
        assertEquals("it:host_stats", config.tableName("host_stats"));
        assertEquals("web-logs", LogPulseConfig.load(file, Map.of()).kafkaTopic());
    }

    @Test
    public void overridesFromSystemPropertiesAndArgs() {
        Properties system = new Properties();
        system.setProperty("logpulse.app.name", "lp-test");
        system.setProperty("java.version", "17");
        assertEquals(Map.of("logpulse.app.name", "lp-test"), LogPulseConfig.overridesFrom(system));
        Map<String, String> args = LogPulseConfig.overridesFromArgs(
                List.of("--conf", "kafka.topic=t1", "--conf", "logpulse.search.engines=google,ecosia"));
        assertEquals(Map.of("logpulse.kafka.topic", "t1", "logpulse.search.engines", "google,ecosia"), args);
        assertEquals("t1", LogPulseConfig.fromMap(args).kafkaTopic());
    }

    @Test
    public void badArgs() {
        try {
            LogPulseConfig.overridesFromArgs(List.of("--conf", "novalue"));
            fail();
        } catch (ConfigException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("novalue") && e.getMessage().contains("key=value"));
        }
        try {
            LogPulseConfig.overridesFromArgs(List.of("--verbose"));
            fail();
        } catch (ConfigException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("--verbose"));
        }
    }

    @Test
    public void nonNumber() {
        assertBad(Map.of("logpulse.batch.interval.seconds", "five"), "logpulse.batch.interval.seconds", "five");
    }

    @Test
    public void negativeWindowAndThreshold() {
        ConfigException e = assertBad(Map.of("logpulse.rule.client_burst.window.seconds", "-20"),
                "logpulse.rule.client_burst.window.seconds", "-20");
        assertTrue(e.getMessage(), e.getMessage().contains("> 0"));
        assertBad(Map.of("logpulse.rule.host_error_storm.threshold", "-1"), "logpulse.rule.host_error_storm.threshold", "-1");
    }

    @Test
    public void slideNotDividingWindow() {
        ConfigException e = assertBad(Map.of("logpulse.rule.host_error_storm.slide.seconds", "35"),
                "logpulse.rule.host_error_storm.slide.seconds", "35");
        assertTrue(e.getMessage(), e.getMessage().contains("divisor of logpulse.rule.host_error_storm.window.seconds (60)"));
    }

    @Test
    public void windowNotAMultipleOfBatchInterval() {
        ConfigException e = assertBad(Map.of("logpulse.rule.client_burst.window.seconds", "22"),
                "logpulse.rule.client_burst.window.seconds", "22");
        assertTrue(e.getMessage(), e.getMessage().contains("multiple of logpulse.batch.interval.seconds (5)"));
    }

    @Test
    public void typoedKeyGetsASuggestion() {
        ConfigException e = assertBad(Map.of("logpulse.batch.intervall.seconds", "5"), "logpulse.batch.intervall.seconds", "");
        assertTrue(e.getMessage(), e.getMessage().contains("did you mean logpulse.batch.interval.seconds?"));
        assertBad(Map.of("logpulse.something.else", "x"), "logpulse.something.else", "");
    }

    @Test
    public void keyWithoutPrefix() {
        ConfigException e = assertBad(Map.of("kafka.topic", "x"), "kafka.topic", "");
        assertTrue(e.getMessage(), e.getMessage().contains("logpulse.kafka.topic"));
    }

    @Test
    public void otherBadValues() {
        assertBad(Map.of("logpulse.day.zone", "Mars/Olympus"), "logpulse.day.zone", "Mars/Olympus");
        assertBad(Map.of("logpulse.kafka.bootstrap.servers", "localhost"), "logpulse.kafka.bootstrap.servers", "localhost");
        assertBad(Map.of("logpulse.kafka.bootstrap.servers", "a:9092,b:99999"), "logpulse.kafka.bootstrap.servers", "b:99999");
        assertBad(Map.of("logpulse.kafka.topic", "bad topic"), "logpulse.kafka.topic", "bad topic");
        assertBad(Map.of("logpulse.search.engines", "google.com"), "logpulse.search.engines", "google.com");
        assertBad(Map.of("logpulse.hbase.table.prefix", "a b"), "logpulse.hbase.table.prefix", "a b");
        assertBad(Map.of("logpulse.app.name", " "), "logpulse.app.name", "");
    }

    @Test
    public void missingBlacklistFile() {
        String missing = folder.getRoot() + "/no-such-blacklist.txt";
        ConfigException e = assertBad(Map.of("logpulse.blacklist.file", missing), "logpulse.blacklist.file", missing);
        assertTrue(e.getMessage(), e.getMessage().contains("readable file"));
    }

    @Test
    public void blacklistIsLoadedAndCheckedAtStartUp() throws Exception {
        Path good = propertiesFile("# scanners\n154.85.126.16\n2001:db8::1\n");
        LogPulseConfig config = LogPulseConfig.fromMap(Map.of("logpulse.blacklist.file", good.toString()));
        assertEquals(Optional.of(good), config.blacklistFile());
        assertTrue(config.blacklist().contains("2001:DB8:0::1"));
        assertFalse(config.blacklist().contains("10.0.0.1"));
        Path bad = propertiesFile("154.85.126.16\nnot-an-ip\n");
        ConfigException e = assertBad(Map.of("logpulse.blacklist.file", bad.toString()), "logpulse.blacklist.file", bad.toString());
        assertTrue(e.getMessage(), e.getMessage().contains("line 2"));
    }

    @Test
    public void missingConfigFile() {
        try {
            LogPulseConfig.load(folder.getRoot().toPath().resolve("nope.properties"), Map.of());
            fail();
        } catch (ConfigException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("nope.properties"));
        }
    }

    @Test
    public void exitCodeForBadConfig() {
        assertEquals(2, LogPulseConfig.EXIT_BAD_CONFIG);
    }

    @Test
    public void aDeclaredLogFormatIsCompiledWhenTheConfigurationLoads() {
        LogPulseConfig config = LogPulseConfig.fromMap(Map.of("logpulse.log.format",
                "$remote_addr - $remote_user [$time_local] \"$request\" $status $body_bytes_sent $request_time $host"));
        assertTrue(config.accessLogParser().parse("203.0.113.9 - - [21/Nov/2026:10:15:30 +0000] \"GET / HTTP/1.1\" 200 5"
                + " 0.120 shop.example.com").isValid());
    }

    @Test
    public void aBadDeclaredLogFormatNamesTheKeyAndSaysWhatIsWrong() {
        ConfigException e = assertBad(Map.of("logpulse.log.format", "$status $body_bytes_sent"), "logpulse.log.format",
                "$status $body_bytes_sent");
        assertTrue(e.getMessage(), e.getMessage().contains("no client address"));
        e = assertBad(Map.of("logpulse.log.format", "%h %t %>s%b"), "logpulse.log.format", "%h %t");
        assertTrue(e.getMessage(), e.getMessage().contains("nothing between them"));
        e = assertBad(Map.of("logpulse.log.format", "%h %t %>s %{Referer"), "logpulse.log.format", "%{Referer");
        assertTrue(e.getMessage(), e.getMessage().contains("no closing '}'"));
    }

    @Test
    public void theClientAddressIsTheRemoteAddrOrTheForwardedOne() {
        assertEquals(ClientIpSource.REMOTE_ADDR, LogPulseConfig.defaults().clientIpSource());
        assertEquals(ClientIpSource.X_FORWARDED_FOR,
                LogPulseConfig.fromMap(Map.of("logpulse.client.ip", "x-forwarded-for")).clientIpSource());
        assertBad(Map.of("logpulse.client.ip", "xff"), "logpulse.client.ip", "xff");
    }
}
