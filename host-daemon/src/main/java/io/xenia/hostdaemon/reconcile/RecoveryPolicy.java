package io.xenia.hostdaemon.reconcile;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * The operator's recovery actions per failure kind and the retry budget.
 *
 * @param actions what to do per kind; every kind must be present
 * @param maxAttempts attempts of one step (the first try included) before the machine is marked
 *     failed
 * @param backoffInitial wait before the second attempt; doubled per attempt
 * @param backoffMax the longest wait
 */
public record RecoveryPolicy(
    Map<FailureKind, RecoveryAction> actions,
    int maxAttempts,
    Duration backoffInitial,
    Duration backoffMax) {
  public RecoveryPolicy {
    actions = Map.copyOf(actions);
    for (FailureKind k : FailureKind.values()) {
      if (!actions.containsKey(k)) {
        throw new IllegalArgumentException("no recovery action for " + k);
      }
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be >= 1");
    }
    requireNonNull(backoffInitial, "backoffInitial is null");
    requireNonNull(backoffMax, "backoffMax is null");
    if (backoffInitial.isNegative() || backoffMax.compareTo(backoffInitial) < 0) {
      throw new IllegalArgumentException("backoff must satisfy 0 <= initial <= max");
    }
  }

  /**
   * Retry unreachable and timed-out calls, fail on refusals, reprovision lost deployments; 5
   * attempts, backoff 1 s doubling to 1 min.
   */
  public static RecoveryPolicy defaults() {
    Map<FailureKind, RecoveryAction> a = new EnumMap<>(FailureKind.class);
    a.put(FailureKind.UNREACHABLE, RecoveryAction.RETRY);
    a.put(FailureKind.TIMEOUT, RecoveryAction.RETRY);
    a.put(FailureKind.FAILED, RecoveryAction.FAIL);
    a.put(FailureKind.DEPLOYMENT_LOST, RecoveryAction.REPROVISION);
    return new RecoveryPolicy(a, 5, Duration.ofSeconds(1), Duration.ofMinutes(1));
  }

  public RecoveryAction action(FailureKind kind) {
    return actions.get(kind);
  }

  /** The wait before attempt {@code attempt + 1}, after {@code attempt} failed attempts (≥ 1). */
  public Duration backoff(int attempt) {
    Duration d = backoffInitial;
    for (int i = 1; i < attempt && d.compareTo(backoffMax) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return d.compareTo(backoffMax) > 0 ? backoffMax : d;
  }
}
