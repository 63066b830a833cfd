package io.logpulse.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import io.logpulse.status.BatchStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * One test's streaming job on the local stack, as {@code bin/logpulse job} with its own topic, status topic,
 * consumer group, table prefix, checkpoint and archive, each run logging to its own file under the stack's logs.
 * What the job did is read from its statuses ({@link BatchStatus} on the status topic), never from its log.
 */
final class JobRun {
    final String run;
    final String topic;
    final String statusTopic;
    final String prefix;
    final String checkpoint;
    final String archive;
    private final List<String> args = new ArrayList<>();
    private final Map<String, Map<TopicPartition, Long>> statusesBefore = new HashMap<>();

    JobRun(String label, Path blacklist, String... conf) {
        run = label + Long.toString(System.currentTimeMillis() % 1_000_000, 36);
        topic = "access-logs-" + run;
        statusTopic = "status-" + run;
        prefix = run + "_";
        String hdfs = LocalStack.env().get("HDFS_URI");
        checkpoint = hdfs + "/" + run + "/checkpoint";
        archive = hdfs + "/" + run + "/archive";
        args.addAll(List.of("job", "--conf", "kafka.topic=" + topic, "--conf", "kafka.group.id=" + run,
                "--conf", "hbase.table.prefix=" + prefix, "--conf", "lease.timeout.seconds=8",
                "--conf", "checkpoint.dir=" + checkpoint, "--conf", "archive.dir=" + archive,
                "--conf", "blacklist.file=" + blacklist, "--conf", "kafka.status.topic=" + statusTopic));
        for (String pair : conf) {
            conf(pair);
        }
    }

    /** Adds {@code --conf key=value} to every later start. */
    void conf(String pair) {
        args.addAll(List.of("--conf", pair));
    }

    Path log(String name) {
        return LocalStack.STATE.resolve("logs/job-" + run + "-" + name + ".log");
    }

    /** The input topic (3 partitions) and the status topic; a test whose job reads another topic makes that. */
    void createTopics() throws Exception {
        JobInput.createTopic(topic);
        createStatusTopic();
    }

    void createStatusTopic() throws Exception {
        JobInput.createTopic(statusTopic);
    }

    Process start(String name) throws IOException {
        try (TopicReader statuses = statuses()) {
            statusesBefore.put(name, statuses.endOffsets());
        }
        return LocalStack.command(args.toArray(String[]::new)).redirectOutput(log(name).toFile()).start();
    }

    /** The statuses of the batches the start called {@code name} has completed so far. */
    List<BatchStatus> statusesOf(String name) {
        try (TopicReader statuses = statuses()) {
            return statuses.readFrom(statusesBefore.get(name)).stream().map(BatchStatus::fromJson).toList();
        }
    }

    private TopicReader statuses() {
        return new TopicReader(LocalStack.env().get("KAFKA_BOOTSTRAP"), statusTopic);
    }

    /** Whether the run logged that it took the lease on its tables within 2 minutes. */
    boolean awaitLease(String name) {
        return LocalStack.await(Duration.ofMinutes(2), () -> logOf(name).contains("lease on the tables taken"));
    }

    String logOf(String name) {
        try {
            return Files.readString(log(name), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
