package io.xenia.broker.common;

import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.time.Clock;

/** The broker's clock, one bean so that tests can replace it. */
@Factory
final class ClockFactory {
  @Singleton
  Clock clock() {
    return Clock.systemUTC();
  }
}
