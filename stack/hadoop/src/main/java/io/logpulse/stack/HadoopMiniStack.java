package io.logpulse.stack;

import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.DFSConfigKeys;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.MiniYARNCluster;

/**
 * HDFS and YARN for the local stack: the real NameNode, DataNode, ResourceManager and NodeManager code
 * (MiniDFSCluster + MiniYARNCluster) in one JVM, with data that survives restarts.
 *
 * <p>Usage: {@code HadoopMiniStack <data dir> <client conf dir> <namenode port> <nodemanager memory MB>}.
 * Once both are up it writes the client configuration (core-site, hdfs-site, yarn-site) into the conf dir and
 * then a {@code ready} file there; every client of the stack uses that directory as its HADOOP_CONF_DIR.
 */
public final class HadoopMiniStack {
    public static void main(String[] args) {
        try {
            run(args);
        } catch (Throwable t) {
            // The mini clusters leave non-daemon threads behind: exit, so the launcher sees the failure at once.
            t.printStackTrace();
            System.exit(1);
        }
    }

    private static void run(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: HadoopMiniStack <data dir> <client conf dir> <namenode port> <nodemanager MB>");
            System.exit(2);
        }
        File dataDir = new File(args[0]).getAbsoluteFile();
        Path confDir = Path.of(args[1]).toAbsolutePath();
        int nameNodePort = Integer.parseInt(args[2]);
        int nodeManagerMb = Integer.parseInt(args[3]);
        Files.createDirectories(confDir);
        Files.deleteIfExists(confDir.resolve("ready"));

        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, new File(dataDir, "dfs").getPath());
        conf.setBoolean("dfs.permissions.enabled", false);
        conf.setInt(DFSConfigKeys.DFS_REPLICATION_KEY, 1);
        // HBase and the job append to and hflush files that live for hours.
        conf.setBoolean("dfs.support.append", true);
        boolean firstStart = !new File(dataDir, "dfs/name-0-1/current").exists();
        MiniDFSCluster dfs = new MiniDFSCluster.Builder(conf)
                .nameNodePort(nameNodePort)
                .numDataNodes(1)
                .format(firstStart)
                .manageNameDfsDirs(true)
                .manageDataDfsDirs(true)
                .build();
        dfs.waitActive();
        conf.set("fs.defaultFS", "hdfs://127.0.0.1:" + nameNodePort);

        YarnConfiguration yarnConf = new YarnConfiguration(conf);
        yarnConf.setInt("yarn.minicluster.yarn.nodemanager.resource.memory-mb", nodeManagerMb);
        yarnConf.setInt(YarnConfiguration.NM_PMEM_MB, nodeManagerMb);
        yarnConf.setInt(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB, 256);
        yarnConf.setBoolean(YarnConfiguration.NM_PMEM_CHECK_ENABLED, false);
        yarnConf.setBoolean(YarnConfiguration.NM_VMEM_CHECK_ENABLED, false);
        yarnConf.setFloat(YarnConfiguration.NM_MAX_PER_DISK_UTILIZATION_PERCENTAGE, 99.0f);
        yarnConf.setLong(YarnConfiguration.NM_MIN_PER_DISK_FREE_SPACE_MB, 0);
        yarnConf.setFloat("yarn.scheduler.capacity.maximum-am-resource-percent", 1.0f);
        yarnConf.setBoolean(YarnConfiguration.LOG_AGGREGATION_ENABLED, true);
        yarnConf.set(YarnConfiguration.NM_REMOTE_APP_LOG_DIR, "/tmp/logs");
        yarnConf.set("yarn.nodemanager.env-whitelist",
                "JAVA_HOME,HADOOP_COMMON_HOME,HADOOP_HDFS_HOME,HADOOP_CONF_DIR,CLASSPATH_PREPEND_DISTCACHE,HADOOP_YARN_HOME,"
                        + "HADOOP_MAPRED_HOME");
        // MiniYARNCluster keeps NodeManager local and log dirs under test.build.data (default: ./target/test/data).
        System.setProperty("test.build.data", new File(dataDir, "yarn").getPath());
        MiniYARNCluster yarn = new MiniYARNCluster("logpulse", 1, 1, 1);
        yarn.init(yarnConf);
        yarn.start();
        waitForNodeManager(yarn);

        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            yarn.stop();
            dfs.shutdown();
        }, "hadoop-stack-shutdown"));

        writeClientConfig(new Configuration(yarn.getConfig()), confDir);
        Files.writeString(confDir.resolve("ready"), "hdfs://127.0.0.1:" + nameNodePort + "\n"
                + yarn.getConfig().get(YarnConfiguration.RM_ADDRESS) + "\n");
        System.out.println("HDFS at hdfs://127.0.0.1:" + nameNodePort + ", ResourceManager at "
                + yarn.getConfig().get(YarnConfiguration.RM_ADDRESS) + ", web UI at "
                + yarn.getConfig().get(YarnConfiguration.RM_WEBAPP_ADDRESS));
        serveNameNodeRestarts(dfs, confDir);
    }

    /**
     * The NameNode restarts in place, on its own ports and with its own metadata, when a file {@code restart-namenode}
     * appears in the conf dir (the outage tests' fault: a NameNode restart under a running job and HBase); the file
     * {@code namenode-restarted} says when it serves again. Polls forever: this is the main thread's last task.
     */
    private static void serveNameNodeRestarts(MiniDFSCluster dfs, Path confDir) throws Exception {
        Path request = confDir.resolve("restart-namenode");
        Path done = confDir.resolve("namenode-restarted");
        while (true) {
            if (Files.deleteIfExists(request)) {
                Files.deleteIfExists(done);
                System.out.println("restarting the NameNode");
                dfs.restartNameNode(true);
                // Serving again means out of safe mode, once the DataNode has reported its blocks.
                while (dfs.getNameNode().isInSafeMode()) {
                    Thread.sleep(250);
                }
                Files.writeString(done, System.currentTimeMillis() + "\n");
                System.out.println("NameNode restarted");
            }
            Thread.sleep(250);
        }
    }

    private static void waitForNodeManager(MiniYARNCluster yarn) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (yarn.getResourceManager().getRMContext().getRMNodes().isEmpty()) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("NodeManager did not register with the ResourceManager within 60 s");
            }
            Thread.sleep(200);
        }
    }

    /** Writes the running clusters' settings as a client HADOOP_CONF_DIR, atomically per file. */
    private static void writeClientConfig(Configuration all, Path confDir) throws IOException {
        // StaticMapping lives in Hadoop's test jars: a client without them fails on it.
        all.unset("net.topology.node.switch.mapping.impl");
        Configuration core = new Configuration(false);
        core.set("fs.defaultFS", all.get("fs.defaultFS"));
        core.set("hadoop.security.authentication", "simple");
        Configuration hdfs = new Configuration(false);
        hdfs.set("dfs.replication", "1");
        hdfs.set("dfs.client.block.write.replace-datanode-on-failure.enable", "false");
        Configuration yarnSite = new Configuration(false);
        for (Map.Entry<String, String> e : all) {
            if (e.getKey().startsWith("yarn.")) {
                yarnSite.set(e.getKey(), all.get(e.getKey()));
            }
        }
        write(core, confDir.resolve("core-site.xml"));
        write(hdfs, confDir.resolve("hdfs-site.xml"));
        write(yarnSite, confDir.resolve("yarn-site.xml"));
    }

    private static void write(Configuration conf, Path target) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try (OutputStream out = new FileOutputStream(tmp.toFile())) {
            conf.writeXml(out);
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private HadoopMiniStack() {}
}
