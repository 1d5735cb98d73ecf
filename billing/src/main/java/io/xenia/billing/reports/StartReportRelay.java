package io.xenia.billing.reports;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;

/** Starts publishing closed periods' reports once the application is up. */
@Singleton
@Requires(property = "xenia.billing.reports.publish-enabled", notEquals = "false")
final class StartReportRelay {
  private final ReportRelay relay;
  private final ReportsConfig config;

  StartReportRelay(ReportRelay relay, ReportsConfig config) {
    this.relay = relay;
    this.config = config;
  }

  @EventListener
  void onStartup(StartupEvent event) {
    relay.start(config.relayInterval());
  }
}
