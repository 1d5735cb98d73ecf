package io.xenia.billing.usage;

import static java.util.Objects.requireNonNull;

/** A usage record that must not be charged, with the reason it goes to the dead letters. */
public final class InvalidUsageException extends Exception {
  private static final long serialVersionUID = 1L;
  private final DeadLetterReason reason;

  public InvalidUsageException(DeadLetterReason reason, String detail) {
    super(detail);
    this.reason = requireNonNull(reason, "reason is null");
  }

  public DeadLetterReason reason() {
    return reason;
  }

  /** A sentence for people: what was wrong with this record. */
  public String detail() {
    return getMessage();
  }
}
