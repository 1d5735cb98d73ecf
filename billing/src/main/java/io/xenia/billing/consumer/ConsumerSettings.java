package io.xenia.billing.consumer;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How billing reads usage.v1.
 *
 * @param bootstrapServers Kafka's bootstrap servers
 * @param usageTopic the topic of signed usage records
 * @param deadLetterTopic where records billing will not charge go, with the reason
 * @param groupId the consumer group: instances of billing share the partitions
 * @param maxBatch the most usage records charged in one transaction; also the most Kafka records
 *     polled at once and held ahead while a group is being charged
 * @param retryBackoff how long to wait before reading a failed batch again
 * @param sessionTimeout how long Kafka waits for a silent instance before giving its partitions to
 *     another: short, so a crashed billing is replaced within seconds (Kafka's floor is 6 s)
 * @param instanceId a stable name for this instance (Kafka static membership): a restarted instance
 *     with the same name takes its partitions back at once, without a rebalance; empty for dynamic
 *     membership. Never give two live instances the same name.
 */
public record ConsumerSettings(
    String bootstrapServers,
    String usageTopic,
    String deadLetterTopic,
    String groupId,
    int maxBatch,
    Duration retryBackoff,
    Duration sessionTimeout,
    java.util.Optional<String> instanceId) {
  public ConsumerSettings {
    requireNonNull(bootstrapServers, "bootstrapServers is null");
    requireNonNull(usageTopic, "usageTopic is null");
    requireNonNull(deadLetterTopic, "deadLetterTopic is null");
    requireNonNull(groupId, "groupId is null");
    requireNonNull(retryBackoff, "retryBackoff is null");
    requireNonNull(sessionTimeout, "sessionTimeout is null");
    requireNonNull(instanceId, "instanceId is null");
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch must be at least 1, not " + maxBatch);
    }
  }
}
