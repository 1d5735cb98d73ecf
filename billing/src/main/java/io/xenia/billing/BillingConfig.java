package io.xenia.billing;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * Billing's settings ({@code xenia.billing}).
 *
 * @param platformFeeBasisPoints the platform's share of every charge (500 = 5 %)
 * @param kafkaBootstrapServers Kafka, for usage.v1 and the topics billing writes
 * @param consumerEnabled whether this instance charges usage (off for a REST-only instance)
 * @param maxBatch the most usage records charged in one transaction, and the most Kafka records
 *     polled ahead while the charger is busy (docs/billing.md, "Rating and charging"); large, so
 *     that a billing behind charges each order's and session's rows once for many records
 * @param usageTopic where hosts' usage records are read
 * @param deadLetterTopic where records billing will not charge go
 * @param consumerGroup the Kafka consumer group instances of billing share
 * @param consumerSessionTimeout how soon Kafka gives a silent instance's partitions to another
 * @param instanceId a stable name per instance for Kafka static membership (a restart takes its
 *     partitions back at once); empty for dynamic membership
 */
@ConfigurationProperties("xenia.billing")
public record BillingConfig(
    @Bindable(defaultValue = "0") int platformFeeBasisPoints,
    @Bindable(defaultValue = "127.0.0.1:9092") String kafkaBootstrapServers,
    @Bindable(defaultValue = "true") boolean consumerEnabled,
    @Bindable(defaultValue = "10000") int maxBatch,
    @Bindable(defaultValue = "usage.v1") String usageTopic,
    @Bindable(defaultValue = "usage.dead-letters.v1") String deadLetterTopic,
    @Bindable(defaultValue = "xenia-billing") String consumerGroup,
    @Bindable(defaultValue = "10s") java.time.Duration consumerSessionTimeout,
    @Bindable(defaultValue = "") String instanceId) {}
