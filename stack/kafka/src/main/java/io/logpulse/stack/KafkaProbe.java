package io.logpulse.stack;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Health probe of the local broker: a real metadata request, and the project's topics created when missing.
 *
 * <p>Usage: {@code KafkaProbe <bootstrap> [topic:partitions ...]}. Exit 0 when the broker answered and every named
 * topic exists; 1 otherwise, with the reason on stderr.
 */
public final class KafkaProbe {
    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: KafkaProbe <bootstrap> [topic:partitions ...]");
            System.exit(2);
        }
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 8000);
        try (Admin admin = Admin.create(props)) {
            DescribeClusterResult cluster = admin.describeCluster();
            int brokers = cluster.nodes().get(8, TimeUnit.SECONDS).size();
            Set<String> existing = admin.listTopics().names().get(8, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (int i = 1; i < args.length; i++) {
                String[] nameAndPartitions = args[i].split(":");
                if (!existing.contains(nameAndPartitions[0])) {
                    missing.add(new NewTopic(nameAndPartitions[0], Integer.parseInt(nameAndPartitions[1]), (short) 1)
                            .configs(Map.of("min.insync.replicas", "1")));
                }
            }
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(15, TimeUnit.SECONDS);
            }
            Map<String, org.apache.kafka.clients.admin.TopicDescription> topics =
                    admin.describeTopics(admin.listTopics().names().get(8, TimeUnit.SECONDS)).allTopicNames()
                            .get(8, TimeUnit.SECONDS);
            StringBuilder summary = new StringBuilder("brokers=" + brokers + " topics=");
            topics.values().stream().sorted((a, b) -> a.name().compareTo(b.name()))
                    .forEach(t -> summary.append(t.name()).append('(').append(t.partitions().size()).append(") "));
            System.out.println(summary.toString().trim());
        } catch (Exception e) {
            System.err.println("kafka probe failed: " + e);
            System.exit(1);
        }
    }

    private KafkaProbe() {}
}
