package io.xenia.broker.idempotency;

import io.micronaut.context.annotation.Value;
import io.micronaut.scheduling.annotation.Scheduled;
import io.xenia.broker.persistence.Database;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes idempotency records older than {@code xenia.idempotency.retention} (default 7 days),
 * hourly: a retry after that long is treated as a new request. Only the records go; the operations
 * they guarded stay.
 */
@Singleton
final class IdempotencyPruner {
  private static final Logger LOG = LoggerFactory.getLogger(IdempotencyPruner.class);
  private final Database database;
  private final Clock clock;
  private final Duration retention;

  IdempotencyPruner(
      Database database,
      Clock clock,
      @Value("${xenia.idempotency.retention:7d}") Duration retention) {
    this.database = database;
    this.clock = clock;
    this.retention = retention;
  }

  @Scheduled(fixedDelay = "1h", initialDelay = "1m")
  void prune() {
    try {
      int deleted =
          database
              .inTransaction(
                  session ->
                      session
                          .createNativeQuery(
                              "DELETE FROM idempotency_record WHERE created_at < :cutoff")
                          .setParameter("cutoff", clock.instant().minus(retention))
                          .executeUpdate())
              .join();
      if (deleted > 0) {
        LOG.info("pruned {} idempotency records older than {}", deleted, retention);
      }
    } catch (RuntimeException e) {
      LOG.warn("pruning idempotency records failed; the next run retries", e);
    }
  }
}
