package io.xenia.broker.sessions;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * {@code xenia.sessions.*}.
 *
 * @param signingKeyFile the broker's Ed25519 key that countersigns agreements (created if absent)
 * @param minimumPeriod what an open-ended session holds of its purchase order: the price of this
 *     long
 * @param admissionTimeout how long one host may take to answer an admission
 * @param provisioningTimeout how long a machine may take to become ready
 * @param statusPollInterval how often a provisioning session's host is asked for its status
 * @param termsVersion the marketplace terms agreements name
 * @param maxCandidates the most offers placement reads from the search index
 * @param fundsGracePeriod how long a session whose purchase order ran out stays paused (waiting for
 *     money) before it ends with {@code funds-exhausted}
 * @param charging who charges sessions: the broker ({@code accrual}, the default) or the billing
 *     service ({@code metered})
 * @param meteredSettleWindow in {@code metered} mode, how long an ended session keeps holding its
 *     remainder for billing's last usage records before the broker releases it
 */
@ConfigurationProperties("xenia.sessions")
public record SessionsConfig(
    @Nullable String signingKeyFile,
    @Bindable(defaultValue = "1h") Duration minimumPeriod,
    @Bindable(defaultValue = "10s") Duration admissionTimeout,
    @Bindable(defaultValue = "5m") Duration provisioningTimeout,
    @Bindable(defaultValue = "250ms") Duration statusPollInterval,
    @Bindable(defaultValue = "2026-11-01") String termsVersion,
    @Bindable(defaultValue = "1000") int maxCandidates,
    @Bindable(defaultValue = "10m") Duration fundsGracePeriod,
    // A string, checked here: Micronaut falls back to the default on an enum value it cannot
    // convert, and a misspelt "metered" would have the broker charge beside billing.
    @Bindable(defaultValue = "accrual") String charging,
    @Bindable(defaultValue = "15m") Duration meteredSettleWindow) {

  public SessionsConfig {
    for (var d :
        new Duration[] {
          minimumPeriod,
          admissionTimeout,
          provisioningTimeout,
          statusPollInterval,
          fundsGracePeriod,
          meteredSettleWindow
        }) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new ConfigurationException("xenia.sessions: durations must be positive");
      }
    }
    mode(charging);
    if (maxCandidates < 1 || maxCandidates > 1000) {
      throw new ConfigurationException("xenia.sessions.max-candidates must be 1..1000");
    }
  }

  /** {@code xenia.sessions.charging} as a mode. */
  public Charging mode() {
    return mode(charging);
  }

  /** Whether the billing service charges sessions (and the broker only holds). */
  public boolean metered() {
    return mode() == Charging.METERED;
  }

  private static Charging mode(String charging) {
    if ("accrual".equals(charging)) {
      return Charging.ACCRUAL;
    }
    if ("metered".equals(charging)) {
      return Charging.METERED;
    }
    throw new ConfigurationException(
        "xenia.sessions.charging must be accrual or metered, not " + charging);
  }
}
