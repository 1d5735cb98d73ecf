package io.xenia.hostdaemon.api;

/**
 * A session as the host sees it. {@code state} is the machine lifecycle state ({@code claimed},
 * {@code provisioning}, {@code running}, {@code releasing}, {@code released}, {@code failed});
 * {@code reason} explains failures and endings; {@code sshHost}/{@code sshPort} are set once the
 * machine is reachable. Instants are ISO-8601 text.
 */
public record SessionStatus(
    String sessionId,
    String machineId,
    String state,
    String reason,
    String sshHost,
    Integer sshPort,
    String updatedAt) {}
