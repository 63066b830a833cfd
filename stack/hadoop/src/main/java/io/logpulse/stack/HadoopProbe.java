package io.logpulse.stack;

import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FsStatus;
import org.apache.hadoop.yarn.api.records.NodeReport;
import org.apache.hadoop.yarn.api.records.NodeState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;

/** Health probe of HDFS (filesystem status) and YARN (running NodeManagers), through HADOOP_CONF_DIR. */
public final class HadoopProbe {
    public static void main(String[] args) {
        Configuration conf = new YarnConfiguration();
        conf.setInt("ipc.client.connect.max.retries", 1);
        conf.setInt("yarn.resourcemanager.connect.max-wait.ms", 5000);
        try (FileSystem fs = FileSystem.get(conf)) {
            FsStatus status = fs.getStatus();
            YarnClient yarn = YarnClient.createYarnClient();
            yarn.init(conf);
            yarn.start();
            try {
                List<NodeReport> nodes = yarn.getNodeReports(NodeState.RUNNING);
                if (nodes.isEmpty()) {
                    System.err.println("hadoop probe: no running NodeManager");
                    System.exit(1);
                }
                System.out.printf("hdfs=%s used=%dMB nodemanagers=%d memory=%dMB%n", fs.getUri(),
                        status.getUsed() >> 20, nodes.size(), nodes.get(0).getCapability().getMemorySize());
            } finally {
                yarn.stop();
            }
        } catch (Exception e) {
            System.err.println("hadoop probe failed: " + e);
            System.exit(1);
        }
    }

    private HadoopProbe() {}
}
