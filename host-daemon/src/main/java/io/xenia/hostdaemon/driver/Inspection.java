package io.xenia.hostdaemon.driver;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * What a driver found on a machine, for commissioning and for the reconciler.
 *
 * @param power its power state
 * @param measured the facts the driver could measure, if it can
 * @param deployedSession the session whose deployment is on the machine (the marker {@link
 *     Driver#deploy} leaves), or empty for a wiped machine
 * @param reachable whether the customer endpoint answers (SSH port open) right now
 */
public record Inspection(
    PowerState power,
    Optional<Facts> measured,
    Optional<String> deployedSession,
    boolean reachable) {
  public Inspection {
    requireNonNull(power, "power is null");
    requireNonNull(measured, "measured is null");
    requireNonNull(deployedSession, "deployedSession is null");
  }
}
