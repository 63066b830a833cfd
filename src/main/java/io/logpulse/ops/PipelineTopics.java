package io.logpulse.ops;

/**
 * Where a running pipeline can be watched from: the broker, the input topic, the job's consumer group (its committed
 * offsets are its progress), and the topics it publishes its batch statuses and alerts on.
 */
record PipelineTopics(String bootstrap, String input, String group, String status, String alerts) {
}
