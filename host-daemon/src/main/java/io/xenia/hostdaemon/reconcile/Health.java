package io.xenia.hostdaemon.reconcile;

import io.xenia.hostdaemon.driver.Inspection;
import io.xenia.hostdaemon.driver.PowerState;
import java.util.Optional;

/** Whether a running session's machine is what it should be: pure code over an inspection. */
public final class Health {
  private Health() {}

  /** The problem with a machine that should run {@code sessionId}, or empty if healthy. */
  public static Optional<String> running(String sessionId, Inspection actual) {
    if (actual.deployedSession().isEmpty()) {
      return Optional.of("the deployment of " + sessionId + " is gone");
    }
    if (!actual.deployedSession().get().equals(sessionId)) {
      return Optional.of(
          "the machine holds session " + actual.deployedSession().get() + ", not " + sessionId);
    }
    if (actual.power() == PowerState.OFF) {
      return Optional.of("the machine is powered off");
    }
    if (!actual.reachable()) {
      return Optional.of("the customer endpoint does not answer");
    }
    return Optional.empty();
  }

  /**
   * True when the only problem is that the customer's endpoint did not answer the driver's probe:
   * the machine holds the session and is powered on. A probe on a loaded host can miss its short
   * deadline while the machine is fine, so the reconciler confirms this one over time before it
   * acts; the other problems are facts, acted on at once.
   */
  public static boolean onlyUnanswered(String sessionId, Inspection actual) {
    return actual.deployedSession().map(sessionId::equals).orElse(false)
        && actual.power() == PowerState.ON
        && !actual.reachable();
  }
}
