package io.xenia.hostdaemon.api;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A session as the host sees it. {@code state} is the machine lifecycle state ({@code claimed},
 * {@code provisioning}, {@code running}, {@code releasing}, {@code released}, {@code failed});
 * {@code reason} explains failures and endings; {@code sshHost}/{@code sshPort} are set once the
 * machine is reachable. Instants are ISO-8601 text. {@code agreementId} and {@code agreement} (the
 * host-signed envelope, as in an admission's answer) are the agreement in force: after a
 * modification, the amended one. Both are null once the session is released.
 */
public record SessionStatus(
    String sessionId,
    String machineId,
    String state,
    String reason,
    String sshHost,
    Integer sshPort,
    String updatedAt,
    String agreementId,
    JsonNode agreement) {

  /** A status without the agreement. */
  public SessionStatus(
      String sessionId,
      String machineId,
      String state,
      String reason,
      String sshHost,
      Integer sshPort,
      String updatedAt) {
    this(sessionId, machineId, state, reason, sshHost, sshPort, updatedAt, null, null);
  }
}
