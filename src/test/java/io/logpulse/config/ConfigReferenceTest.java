package io.logpulse.config;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.StringReader;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.Test;

public class ConfigReferenceTest {

    @Test
    public void everyKeyHasADescriptionAndAValidDefault() {
        for (ConfigKey key : ConfigKey.values()) {
            assertFalse(key.key(), key.description().isBlank());
            assertTrue(key.key(), key.key().startsWith("logpulse."));
            key.check(key.defaultValue());
        }
    }

    @Test
    public void markdownTableListsEveryKeyOnce() {
        String table = LogPulseConfig.markdownTable();
        String[] lines = table.split("\n");
        assertEquals("| Key | Default | Meaning |", lines[0]);
        assertEquals(ConfigKey.values().length + 2, lines.length);
        assertTrue(table.contains("| `logpulse.kafka.bootstrap.servers` | `localhost:9092` | Kafka brokers"));
        assertTrue(table.contains("| `logpulse.hbase.table.prefix` | *(empty)* |"));
    }

    @Test
    public void propertiesTemplateLoadsBackToTheDefaults() throws Exception {
        Properties properties = new Properties();
        properties.load(new StringReader(LogPulseConfig.propertiesTemplate()));
        Map<String, String> settings = new HashMap<>();
        properties.stringPropertyNames().forEach(name -> settings.put(name, properties.getProperty(name)));
        assertEquals(ConfigKey.values().length, settings.size());
        assertEquals(LogPulseConfig.defaults().asMap(), LogPulseConfig.fromMap(settings).asMap());
    }
}
