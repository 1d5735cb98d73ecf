package io.xenia.billing.reports;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Once the application is up: stores the reports of closed periods that have none, then starts
 * publishing.
 */
@Singleton
@Requires(property = "xenia.billing.reports.publish-enabled", notEquals = "false")
final class StartReportRelay {
  private static final Logger LOG = LoggerFactory.getLogger(StartReportRelay.class);
  private final ReportRelay relay;
  private final ReportPublisher publisher;
  private final ReportsConfig config;
  private final String bootstrapServers;

  StartReportRelay(
      ReportRelay relay,
      ReportPublisher publisher,
      ReportsConfig config,
      io.xenia.billing.BillingConfig billing) {
    this.relay = relay;
    this.publisher = publisher;
    this.config = config;
    this.bootstrapServers = billing.kafkaBootstrapServers();
  }

  @EventListener
  void onStartup(StartupEvent event) {
    try {
      int missed = publisher.catchUp();
      if (missed > 0) {
        LOG.info("stored the reports of {} closed periods that had none", missed);
      }
    } catch (RuntimeException e) {
      // The next start tries again; the relay still sends what is stored.
      LOG.warn("could not catch up on closed periods' reports: {}", e.toString());
    }
    relay.start(
        config.relayInterval(),
        () -> ReportTopic.ensure(bootstrapServers, config.topic(), config.deliveryTimeout()));
  }
}
