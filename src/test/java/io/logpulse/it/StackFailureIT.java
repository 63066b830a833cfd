package io.logpulse.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.util.Map;
import org.junit.Test;

/** A server that cannot come up: one clear message with its log, and nothing left half-started. Runs last. */
public class StackFailureIT {
    @Test
    public void aBrokerThatCannotBindStopsTheWholeStartAndShowsItsLog() throws Exception {
        LocalStack.stop();
        int kafkaPort = Files.readAllLines(LocalStack.STATE.resolve("ports.env")).stream()
                .filter(l -> l.startsWith("KAFKA_PORT=")).map(l -> Integer.parseInt(l.substring(11))).findFirst()
                .orElseThrow();
        try (ServerSocket squatter = new ServerSocket(kafkaPort, 50, InetAddress.getLoopbackAddress())) {
            LocalStack.Run run = LocalStack.run(Map.of(), "stack", "start");
            assertEquals(run.output(), 1, run.exitCode());
            assertTrue(run.output(), run.output().contains("kafka failed to come up"));
            assertTrue(run.output(),
                    run.output().contains("errors in " + LocalStack.STATE + "/logs/kafka.log since this start"));
            assertTrue(run.output(), run.output().contains("Address already in use"));
            assertTrue(run.output(), run.output().contains("stopped hadoop"));
        }
        assertTrue("half-started processes left: " + LocalStack.processesOfStack(),
                LocalStack.processesOfStack().isEmpty());
    }
}
