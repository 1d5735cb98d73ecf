package io.xenia.hostdaemon.reconcile;

import io.xenia.hostdaemon.driver.DriverException;

/** The failures the operator chooses a {@link RecoveryAction} for. */
public enum FailureKind {
  /** The machine or its BMC did not answer a driver call. */
  UNREACHABLE,
  /** A driver call did not finish in time. */
  TIMEOUT,
  /** A driver call answered with a failure (or the driver cannot do it). */
  FAILED,
  /**
   * A running deployment vanished behind the daemon's back (killed, powered off, not answering).
   */
  DEPLOYMENT_LOST;

  /** The kind of a driver exception. */
  public static FailureKind of(DriverException e) {
    return switch (e.kind()) {
      case UNREACHABLE -> UNREACHABLE;
      case TIMEOUT -> TIMEOUT;
      case FAILED, UNSUPPORTED -> FAILED;
    };
  }
}
