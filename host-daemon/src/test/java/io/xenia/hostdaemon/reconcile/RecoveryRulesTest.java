package io.xenia.hostdaemon.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.xenia.hostdaemon.driver.DriverException;
import io.xenia.hostdaemon.driver.Inspection;
import io.xenia.hostdaemon.driver.PowerState;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The pure parts of reconciliation: health of a running machine, backoff, failure kinds. */
class RecoveryRulesTest {
  static Inspection seen(PowerState power, String session, boolean reachable) {
    return new Inspection(power, Optional.empty(), Optional.ofNullable(session), reachable);
  }

  @Test
  void healthNamesWhatIsWrong() {
    assertEquals(Optional.empty(), Health.running("s1", seen(PowerState.ON, "s1", true)));
    assertEquals(
        Optional.of("the deployment of s1 is gone"),
        Health.running("s1", seen(PowerState.ON, null, true)));
    assertEquals(
        Optional.of("the machine holds session s2, not s1"),
        Health.running("s1", seen(PowerState.ON, "s2", true)));
    assertEquals(
        Optional.of("the machine is powered off"),
        Health.running("s1", seen(PowerState.OFF, "s1", false)));
    assertEquals(
        Optional.of("the customer endpoint does not answer"),
        Health.running("s1", seen(PowerState.UNKNOWN, "s1", false)));
  }

  @Test
  void backoffDoublesUpToTheMaximum() {
    RecoveryPolicy p = RecoveryPolicy.defaults();
    assertEquals(Duration.ofSeconds(1), p.backoff(1));
    assertEquals(Duration.ofSeconds(2), p.backoff(2));
    assertEquals(Duration.ofSeconds(32), p.backoff(6));
    assertEquals(Duration.ofMinutes(1), p.backoff(7));
    assertEquals(Duration.ofMinutes(1), p.backoff(1000));
  }

  @Test
  void everyFailureKindNeedsAnAction() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new RecoveryPolicy(
                Map.of(FailureKind.FAILED, RecoveryAction.FAIL), 3, Duration.ZERO, Duration.ZERO));
  }

  @Test
  void driverErrorsMapToFailureKinds() {
    assertEquals(
        FailureKind.UNREACHABLE,
        FailureKind.of(new DriverException(DriverException.Kind.UNREACHABLE, "x")));
    assertEquals(
        FailureKind.TIMEOUT,
        FailureKind.of(new DriverException(DriverException.Kind.TIMEOUT, "x")));
    assertEquals(
        FailureKind.FAILED,
        FailureKind.of(new DriverException(DriverException.Kind.UNSUPPORTED, "x")));
  }
}
