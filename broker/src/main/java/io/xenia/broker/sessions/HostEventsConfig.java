package io.xenia.broker.sessions;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * {@code xenia.sessions.host-events.*}: following the host daemons' lifecycle event streams.
 *
 * @param enabled whether the broker follows them at all (off: status polls alone)
 * @param refreshInterval how often the set of followed hosts is reconciled with the hosts that hold
 *     live sessions (and ended streams are reopened)
 * @param reconnectDelay the first wait before reopening a stream that failed; doubles per failure
 *     up to 32×
 */
@ConfigurationProperties("xenia.sessions.host-events")
public record HostEventsConfig(
    @Bindable(defaultValue = "true") boolean enabled,
    @Bindable(defaultValue = "2s") Duration refreshInterval,
    @Bindable(defaultValue = "1s") Duration reconnectDelay) {

  public HostEventsConfig {
    for (Duration d : new Duration[] {refreshInterval, reconnectDelay}) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new ConfigurationException("xenia.sessions.host-events: durations must be positive");
      }
    }
  }
}
