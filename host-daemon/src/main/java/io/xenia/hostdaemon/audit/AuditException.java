package io.xenia.hostdaemon.audit;

/**
 * The audit log could not be written or opened. The daemon treats this as fatal for the action
 * being audited: an action that cannot be recorded is not taken.
 */
public final class AuditException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public AuditException(String message) {
    super(message);
  }

  public AuditException(String message, Throwable cause) {
    super(message, cause);
  }
}
