package io.xenia.billing.periods;

import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * At startup, makes the rows of the periods from the first charge to now, so the current period is
 * listed from the start (and billing's schema is migrated before the first request).
 */
@Singleton
final class PeriodStartup {
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(PeriodStartup.class);

  private final PeriodCloser closer;
  private final Clock clock;

  PeriodStartup(PeriodCloser closer, Clock clock) {
    this.closer = closer;
    this.clock = clock;
  }

  @EventListener
  void onStartup(StartupEvent event) {
    try {
      closer.ensurePeriods(clock.instant());
    } catch (RuntimeException e) {
      // Not fatal: listing and the automatic close make the rows later.
      LOG.warn("cannot make the billing periods' rows at startup: {}", e.toString());
    }
  }
}
