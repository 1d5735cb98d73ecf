package io.xenia.billing.reports;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.json.JsonMapper;
import io.vertx.sqlclient.Pool;
import io.xenia.billing.BillingConfig;
import io.xenia.billing.charts.ChartQueries;
import io.xenia.billing.exports.FocusExport;
import io.xenia.billing.exports.FocusQueries;
import io.xenia.billing.reconciliation.ReconciliationQueries;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * Wires reports, exports, charts, reconciliation and the publication of closed periods' reports.
 */
@Factory
final class ReportsBeans {

  @Singleton
  ReportQueries reportQueries(Pool pool) {
    return new ReportQueries(pool, Clock.systemUTC());
  }

  @Singleton
  FocusQueries focusQueries(Pool pool) {
    return new FocusQueries(pool);
  }

  @Singleton
  FocusExport focusExport(ReportsConfig config) {
    return new FocusExport(config.platformName());
  }

  @Singleton
  ChartQueries chartQueries(Pool pool) {
    return new ChartQueries(pool);
  }

  @Singleton
  ReconciliationQueries reconciliationQueries(Pool pool) {
    return new ReconciliationQueries(pool, Clock.systemUTC());
  }

  @Singleton
  ReportPublisher reportPublisher(
      Pool pool, ReportQueries reports, JsonMapper json, ReportsConfig config) {
    return new ReportPublisher(
        pool, reports, json::writeValueAsBytes, Clock.systemUTC(), config.top());
  }

  @Singleton
  @Requires(property = "xenia.billing.reports.publish-enabled", notEquals = "false")
  @Bean(preDestroy = "close")
  ReportRelay reportRelay(Pool pool, BillingConfig billing, ReportsConfig config) {
    return new ReportRelay(
        pool,
        ReportProducer.create(billing.kafkaBootstrapServers(), config.deliveryTimeout()),
        config.topic(),
        config.deliveryTimeout().plusSeconds(5));
  }
}
