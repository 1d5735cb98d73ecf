package io.xenia.broker.sessions;

import io.xenia.protocol.signing.SignedEnvelope;
import java.util.Optional;

/**
 * A session as its host reports it (the control API's {@code SessionStatus}).
 *
 * @param state the host's machine state: claimed, provisioning, running, releasing, released,
 *     failed
 * @param agreement the host-signed agreement in force (absent once released)
 */
public record HostSession(
    String sessionId,
    String machineId,
    String state,
    Optional<String> reason,
    Optional<String> sshHost,
    Optional<Integer> sshPort,
    Optional<SignedEnvelope> agreement) {

  public boolean isRunning() {
    return "running".equals(state);
  }

  /** The host gave the machine up, or it failed: the session cannot run (again). */
  public boolean isGone() {
    return "failed".equals(state) || "releasing".equals(state) || "released".equals(state);
  }
}
