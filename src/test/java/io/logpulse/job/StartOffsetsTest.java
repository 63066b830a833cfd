package io.logpulse.job;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.logpulse.config.ConfigException;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.Test;

public class StartOffsetsTest {

    private static final List<TopicPartition> THREE = List.of(new TopicPartition("logs", 0),
            new TopicPartition("logs", 1), new TopicPartition("logs", 2));

    @Test
    public void eachPartitionStartsWhereTheLedgerSaysAndAnUnknownOneIsLeftToTheGroup() {
        Map<TopicPartition, Long> from = LogPulseJob.startOffsets("logs", THREE,
                Map.of("logs/0", 120L, "logs/1", 7L, "other/0", 99L));
        assertEquals(Map.of(new TopicPartition("logs", 0), 120L, new TopicPartition("logs", 1), 7L), from);
    }

    @Test
    public void aPartitionTheTopicNoLongerHasIsRefusedNamingTheTopicKey() {
        ConfigException refused = assertThrows(ConfigException.class, () -> LogPulseJob.startOffsets("logs",
                THREE.subList(0, 2), Map.of("logs/0", 1L, "logs/2", 5L)));
        assertEquals("logpulse.kafka.topic", refused.key());
        assertTrue(refused.getMessage(), refused.getMessage().contains("logs/2"));
    }

    @Test
    public void anotherTopicsPositionsDoNotStopASwitchOfTopics() {
        assertEquals(Map.of(), LogPulseJob.startOffsets("logs", THREE, Map.of("old-logs/5", 1L)));
    }
}
