package io.xenia.billing.consumer;

import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.vertx.sqlclient.Pool;
import io.xenia.billing.BillingConfig;
import io.xenia.billing.charging.ChargePlanner;
import io.xenia.billing.charging.UsageBilling;
import io.xenia.billing.rating.FeeRate;
import io.xenia.billing.store.BrokerFacts;
import io.xenia.billing.store.ChargeStore;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Wires the usage consumer and starts it with the application. */
@Factory
final class ChargingBeans {

  @Singleton
  ChargeStore chargeStore(Pool pool, BillingConfig config) {
    return new ChargeStore(
        pool, new ChargePlanner(new FeeRate(config.platformFeeBasisPoints())), Clock.systemUTC());
  }

  @Singleton
  @Bean(preDestroy = "shutdownNow")
  @jakarta.inject.Named("verifiers")
  ExecutorService verifiers() {
    int n = Math.max(1, Runtime.getRuntime().availableProcessors());
    return Executors.newFixedThreadPool(
        n,
        r -> {
          Thread t = new Thread(r, "usage-verifier");
          t.setDaemon(true);
          return t;
        });
  }

  @Singleton
  UsageBilling usageBilling(
      Pool pool, ChargeStore store, @jakarta.inject.Named("verifiers") ExecutorService verifiers) {
    return new UsageBilling(new BrokerFacts(pool), store, verifiers);
  }

  @Singleton
  @Requires(property = "xenia.billing.consumer-enabled", notEquals = "false")
  @Bean(preDestroy = "close")
  DeadLetterPublisher deadLetterPublisher(BillingConfig config) {
    return new DeadLetterPublisher(config.kafkaBootstrapServers(), config.deadLetterTopic());
  }

  @Singleton
  @Requires(property = "xenia.billing.consumer-enabled", notEquals = "false")
  @Bean(preDestroy = "close")
  UsageConsumer usageConsumer(
      BillingConfig config,
      UsageBilling billing,
      DeadLetterPublisher deadLetters,
      MeterRegistry meters) {
    return new UsageConsumer(
        new ConsumerSettings(
            config.kafkaBootstrapServers(),
            config.usageTopic(),
            config.deadLetterTopic(),
            config.consumerGroup(),
            config.maxBatch(),
            java.time.Duration.ofSeconds(1),
            config.consumerSessionTimeout(),
            java.util.Optional.of(config.instanceId()).filter(id -> !id.isBlank())),
        billing,
        deadLetters,
        meters);
  }
}
