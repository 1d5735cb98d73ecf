package io.xenia.hostdaemon.inventory;

import static java.util.Objects.requireNonNull;

import io.xenia.hostdaemon.admission.OperatorPolicy;
import io.xenia.hostdaemon.reconcile.RecoveryPolicy;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The daemon's own settings from the inventory file's {@code daemon:} section.
 *
 * @param dataDir where machine state, the audit log, keys and the image cache live
 * @param brokerUrl the broker to enroll with and heartbeat to
 * @param reconcileInterval how often the reconciler visits every machine
 * @param imageCacheBytes the image cache's byte budget
 * @param claimTimeout how long a claimed machine waits for its provision request before it is
 *     released
 * @param policy the operator's admission policy
 * @param recovery the operator's recovery actions
 * @param network the control API, search-dht and advertising settings of an enrolled daemon
 */
public record DaemonSettings(
    Path dataDir,
    Optional<URI> brokerUrl,
    Duration reconcileInterval,
    long imageCacheBytes,
    Duration claimTimeout,
    OperatorPolicy policy,
    RecoveryPolicy recovery,
    NetworkSettings network) {
  public DaemonSettings {
    requireNonNull(dataDir, "dataDir is null");
    requireNonNull(brokerUrl, "brokerUrl is null");
    requireNonNull(reconcileInterval, "reconcileInterval is null");
    requireNonNull(claimTimeout, "claimTimeout is null");
    requireNonNull(policy, "policy is null");
    requireNonNull(recovery, "recovery is null");
    requireNonNull(network, "network is null");
  }

  public Path machinesDir() {
    return dataDir.resolve("machines");
  }

  public Path auditLog() {
    return dataDir.resolve("audit.log");
  }

  public Path imagesDir() {
    return dataDir.resolve("images");
  }

  /** Per-machine advertisement sequence counters. */
  public Path advertiseDir() {
    return dataDir.resolve("advertise");
  }

  public Path hostKey() {
    return dataDir.resolve("host.key");
  }
}
