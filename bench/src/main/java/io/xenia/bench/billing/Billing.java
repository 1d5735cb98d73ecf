package io.xenia.bench.billing;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.xenia.billing.charging.ChargePlanner;
import io.xenia.billing.charging.UsageBilling;
import io.xenia.billing.consumer.ConsumerSettings;
import io.xenia.billing.consumer.DeadLetterPublisher;
import io.xenia.billing.consumer.UsageConsumer;
import io.xenia.billing.rating.FeeRate;
import io.xenia.billing.store.BrokerFacts;
import io.xenia.billing.store.ChargeStore;
import io.xenia.billing.support.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Billing's usage consumer wired by hand from its framework-free parts, as its Micronaut factory
 * wires it: the bench's class path also holds the broker, whose beans a Micronaut context would
 * start too.
 */
final class Billing implements AutoCloseable {
  private final ExecutorService verifiers;
  private final DeadLetterPublisher deadLetters;
  private final UsageConsumer consumer;

  private Billing(
      ExecutorService verifiers, DeadLetterPublisher deadLetters, UsageConsumer consumer) {
    this.verifiers = verifiers;
    this.deadLetters = deadLetters;
    this.consumer = consumer;
  }

  static Billing start(TestDatabase db, String bootstrap, String topic, String group, int batch) {
    ExecutorService verifiers =
        Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
    var store = new ChargeStore(db.pool(), new ChargePlanner(new FeeRate(500)), Clock.systemUTC());
    var usage = new UsageBilling(new BrokerFacts(db.pool()), store, verifiers);
    var deadLetters = new DeadLetterPublisher(bootstrap, topic + "-dead");
    var settings =
        new ConsumerSettings(
            bootstrap,
            topic,
            topic + "-dead",
            group,
            batch,
            Duration.ofSeconds(1),
            Duration.ofSeconds(10),
            Optional.empty());
    var consumer = new UsageConsumer(settings, usage, deadLetters, new SimpleMeterRegistry());
    consumer.start();
    return new Billing(verifiers, deadLetters, consumer);
  }

  @Override
  public void close() {
    consumer.close();
    deadLetters.close();
    verifiers.shutdownNow();
  }
}
