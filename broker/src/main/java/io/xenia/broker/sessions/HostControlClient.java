package io.xenia.broker.sessions;

import io.xenia.broker.hosts.ControlEndpoint;
import io.xenia.protocol.records.Agreement;
import java.time.Instant;
import java.util.Optional;

/**
 * The broker's calls to a host daemon's control API (docs/host-daemon.md, "The control API"). Every
 * method blocks up to its timeout; failures other than an admission refusal are {@link
 * HostCallException}.
 */
public interface HostControlClient {
  AdmissionAnswer admit(ControlEndpoint host, Agreement proposal);

  /** Starts provisioning with the image at {@code imageUrl} (sha256), or the driver's default. */
  HostSession provision(
      ControlEndpoint host, String sessionId, Optional<String> imageUrl, Optional<String> sha256);

  /**
   * Starts provisioning and installs {@code furtherSshKeys} (authorized_keys lines) on the machine
   * beside the agreement's customer key (the control API's {@code sshPublicKeys},
   * docs/protocol.md). Clients that cannot pass keys ignore them.
   */
  default HostSession provision(
      ControlEndpoint host,
      String sessionId,
      Optional<String> imageUrl,
      Optional<String> sha256,
      java.util.List<String> furtherSshKeys) {
    return provision(host, sessionId, imageUrl, sha256);
  }

  /** The session at the host; empty when the host does not know it. */
  Optional<HostSession> status(ControlEndpoint host, String sessionId);

  /** Resizes and/or moves the lease end (null: unchanged); the answer carries the new agreement. */
  HostSession modify(
      ControlEndpoint host,
      String sessionId,
      Optional<Instant> leaseEnd,
      Optional<Integer> cpus,
      Optional<Long> memoryMib);

  HostSession terminate(ControlEndpoint host, String sessionId, String reason);

  /**
   * Follows the host's lifecycle events numbered after {@code afterSequence} (the host first
   * replays what it retained). Returns at once; events and the end arrive on {@code listener}.
   */
  HostEventStream events(
      ControlEndpoint host, long afterSequence, HostEventStream.Listener listener);
}
