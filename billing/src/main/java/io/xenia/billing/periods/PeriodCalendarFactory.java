package io.xenia.billing.periods;

import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/** The calendar of {@code xenia.billing.period}; a bad value stops billing at startup. */
@Factory
final class PeriodCalendarFactory {
  @Singleton
  PeriodCalendar calendar(PeriodsConfig config) {
    if (config.closeGrace().isNegative()) {
      throw new IllegalArgumentException("xenia.billing.close-grace must not be negative");
    }
    return PeriodCalendar.parse(config.period());
  }
}
