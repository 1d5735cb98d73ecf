package io.xenia.billing;

import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.time.Clock;

/** Billing's clock, one bean so that tests can replace it. */
@Factory
final class BillingClock {
  @Singleton
  Clock clock() {
    return Clock.systemUTC();
  }
}
