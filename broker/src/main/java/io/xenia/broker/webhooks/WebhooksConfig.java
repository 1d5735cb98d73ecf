package io.xenia.broker.webhooks;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * {@code xenia.webhooks.*}.
 *
 * @param dispatchInterval how often due deliveries are looked for
 * @param firstRetry the wait after the first failed attempt (doubling up to {@code maxRetry})
 * @param maxRetry the longest wait between attempts
 * @param maxAttempts attempts before a delivery is given up ({@code failed})
 * @param timeout how long one attempt may take (connect + answer)
 * @param lease how far a taken delivery is pushed ahead, so a broker that dies mid-attempt leaves
 *     it to be retried
 */
@ConfigurationProperties("xenia.webhooks")
public record WebhooksConfig(
    @Bindable(defaultValue = "500ms") Duration dispatchInterval,
    @Bindable(defaultValue = "2s") Duration firstRetry,
    @Bindable(defaultValue = "1h") Duration maxRetry,
    @Bindable(defaultValue = "20") int maxAttempts,
    @Bindable(defaultValue = "10s") Duration timeout,
    @Bindable(defaultValue = "1m") Duration lease) {

  public WebhooksConfig {
    for (Duration d : new Duration[] {dispatchInterval, firstRetry, maxRetry, timeout, lease}) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new ConfigurationException("xenia.webhooks: durations must be positive");
      }
    }
    if (maxAttempts < 1 || maxRetry.compareTo(firstRetry) < 0) {
      throw new ConfigurationException(
          "xenia.webhooks: max-attempts >= 1 and max-retry >= first-retry");
    }
  }

  Backoff backoff() {
    return new Backoff(firstRetry, maxRetry, maxAttempts);
  }
}
