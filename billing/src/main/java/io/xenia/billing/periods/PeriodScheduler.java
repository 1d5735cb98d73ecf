package io.xenia.billing.periods;

import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes periods on its own once {@code xenia.billing.close-grace} has passed after their end,
 * checking every {@code xenia.billing.close-check-interval}. Off with {@code
 * xenia.billing.auto-close: false} (tests that close by hand). Several billing instances may run
 * it: closes take turns on a table lock and a closed period is not closed again.
 */
@Singleton
@Requires(property = "xenia.billing.auto-close", notEquals = "false")
final class PeriodScheduler {
  private static final Logger LOG = LoggerFactory.getLogger(PeriodScheduler.class);
  private final PeriodCloser closer;

  PeriodScheduler(PeriodCloser closer) {
    this.closer = closer;
  }

  @Scheduled(
      fixedDelay = "${xenia.billing.close-check-interval:PT1M}",
      initialDelay = "${xenia.billing.close-check-interval:PT1M}")
  void closeDue() {
    try {
      closer.closeDue();
    } catch (RuntimeException e) {
      // The next pass tries again; nothing was half done (each close is one transaction).
      LOG.warn("closing due billing periods failed; retrying at the next check", e);
    }
  }
}
