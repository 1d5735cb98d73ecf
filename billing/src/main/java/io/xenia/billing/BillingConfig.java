package io.xenia.billing;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * Billing's settings ({@code xenia.billing}).
 *
 * @param platformFeeBasisPoints the platform's share of every charge (500 = 5 %)
 * @param kafkaBootstrapServers Kafka, for usage.v1 and the topics billing writes
 * @param consumerEnabled whether this instance charges usage (off for a REST-only instance)
 * @param maxBatch the most usage records charged in one transaction
 */
@ConfigurationProperties("xenia.billing")
public record BillingConfig(
    @Bindable(defaultValue = "0") int platformFeeBasisPoints,
    @Bindable(defaultValue = "127.0.0.1:9092") String kafkaBootstrapServers,
    @Bindable(defaultValue = "true") boolean consumerEnabled,
    @Bindable(defaultValue = "500") int maxBatch) {}
