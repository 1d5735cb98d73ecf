package io.xenia.dht.index;

import static java.util.Objects.requireNonNull;

/** A publish or withdraw the index refused, with the reason (also counted in the metrics). */
public final class RefusedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final Refusal reason;

  RefusedException(Refusal reason, String detail) {
    super(reason + ": " + detail);
    this.reason = requireNonNull(reason, "reason is null");
  }

  /** Why. */
  public Refusal reason() {
    return reason;
  }
}
