package io.logpulse.ops;

import java.io.IOException;
import java.util.EnumSet;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.exceptions.ApplicationNotFoundException;
import org.apache.hadoop.yarn.exceptions.YarnException;

/**
 * The demo's applications on the local stack's YARN, through the ResourceManager's client API (its address from
 * the {@code yarn-site.xml} on the classpath): their states as YARN reports them, not the CLI's text.
 */
final class YarnApplications implements AutoCloseable {

    /** An application that will run no more. */
    static final EnumSet<YarnApplicationState> ENDED =
            EnumSet.of(YarnApplicationState.FINISHED, YarnApplicationState.FAILED, YarnApplicationState.KILLED);

    private final YarnClient yarn;

    YarnApplications() {
        YarnConfiguration conf = new YarnConfiguration();
        // The client's default waits 15 minutes for a ResourceManager that is down; the demo checks every 30 s.
        conf.setLong(YarnConfiguration.RESOURCEMANAGER_CONNECT_MAX_WAIT_MS, 10_000);
        conf.setLong(YarnConfiguration.RESOURCEMANAGER_CONNECT_RETRY_INTERVAL_MS, 1_000);
        yarn = YarnClient.createYarnClient();
        yarn.init(conf);
        yarn.start();
    }

    /** The application's state; null when YARN does not know it or does not answer. */
    YarnApplicationState state(String application) {
        try {
            return yarn.getApplicationReport(ApplicationId.fromString(application)).getYarnApplicationState();
        } catch (ApplicationNotFoundException gone) {
            return null;
        } catch (YarnException | IOException | IllegalArgumentException e) {
            return null;
        }
    }

    /** The id of the application of that name that has not ended; null when there is none. */
    String named(String name) throws IOException {
        try {
            return yarn.getApplications(EnumSet.complementOf(ENDED)).stream()
                    .filter(report -> report.getName().equals(name)).map(ApplicationReport::getApplicationId)
                    .map(ApplicationId::toString).findFirst().orElse(null);
        } catch (YarnException e) {
            throw new IOException("YARN did not list its applications: " + e.getMessage(), e);
        }
    }

    void kill(String application) throws IOException {
        try {
            yarn.killApplication(ApplicationId.fromString(application));
        } catch (YarnException e) {
            throw new IOException("YARN did not kill " + application + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        yarn.stop();
    }
}
