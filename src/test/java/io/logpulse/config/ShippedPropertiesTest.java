package io.logpulse.config;

import static org.junit.Assert.assertEquals;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.Test;

/** conf/logpulse.properties, the file users edit, lists every key with exactly the built-in default. */
public class ShippedPropertiesTest {

    @Test
    public void theShippedFileHoldsEveryKeyWithItsDefault() throws IOException {
        Properties shipped = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of("conf/logpulse.properties"))) {
            shipped.load(reader);
        }
        assertEquals(ConfigKey.values().length, shipped.size());
        for (ConfigKey key : ConfigKey.values()) {
            assertEquals(key.key(), key.defaultValue(), shipped.getProperty(key.key()));
        }
    }
}
