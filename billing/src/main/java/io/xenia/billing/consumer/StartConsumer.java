package io.xenia.billing.consumer;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;

/** Starts charging once the application is up. */
@Singleton
@Requires(property = "xenia.billing.consumer-enabled", notEquals = "false")
final class StartConsumer {
  private final UsageConsumer consumer;

  StartConsumer(UsageConsumer consumer) {
    this.consumer = consumer;
  }

  @EventListener
  void onStartup(StartupEvent event) {
    consumer.start();
  }
}
