package io.xenia.hostdaemon.session;

/** Why a change to a running session was refused; {@link #code()} is the stable wire code. */
public enum ModificationRefusal {
  /** The request is malformed (a limit below 1, nothing the session has to amend). */
  INVALID_REQUEST("invalid-request"),
  /** The session is not running (claimed, provisioning, releasing, failed) or its lease ended. */
  SESSION_NOT_RUNNING("session-not-running"),
  /** A new limit exceeds what the machine declares. */
  RESOURCES_DO_NOT_FIT("resources-do-not-fit"),
  /** The new lease end is not after now and after the agreement's start. */
  LEASE_END_INVALID("lease-end-invalid"),
  /** The extended lease would run into a maintenance window. */
  MAINTENANCE_WINDOW("maintenance-window"),
  /** The machine's driver cannot change CPU or memory while it runs (e.g. qemu). */
  UNSUPPORTED("unsupported"),
  /** The driver failed to apply the new limits; the old agreement stays in force. */
  RESIZE_FAILED("resize-failed"),
  /** The session changed meanwhile (terminated, or another modification won): ask again. */
  SESSION_CHANGED("session-changed");

  private final String code;

  ModificationRefusal(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }
}
