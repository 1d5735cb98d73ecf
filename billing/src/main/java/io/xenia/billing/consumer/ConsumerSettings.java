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
 * @param maxBatch the most records charged in one transaction
 * @param retryBackoff how long to wait before reading a failed batch again
 */
public record ConsumerSettings(
    String bootstrapServers,
    String usageTopic,
    String deadLetterTopic,
    String groupId,
    int maxBatch,
    Duration retryBackoff) {
  public static final String USAGE_TOPIC = "usage.v1";
  public static final String DEAD_LETTER_TOPIC = "usage.dead-letters.v1";

  public ConsumerSettings {
    requireNonNull(bootstrapServers, "bootstrapServers is null");
    requireNonNull(usageTopic, "usageTopic is null");
    requireNonNull(deadLetterTopic, "deadLetterTopic is null");
    requireNonNull(groupId, "groupId is null");
    requireNonNull(retryBackoff, "retryBackoff is null");
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch must be at least 1, not " + maxBatch);
    }
  }

  public static ConsumerSettings defaults(String bootstrapServers) {
    return new ConsumerSettings(
        bootstrapServers,
        USAGE_TOPIC,
        DEAD_LETTER_TOPIC,
        "xenia-billing",
        500,
        Duration.ofSeconds(1));
  }
}
