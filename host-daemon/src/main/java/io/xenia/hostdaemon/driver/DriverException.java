package io.xenia.hostdaemon.driver;

import static java.util.Objects.requireNonNull;

/**
 * A driver call that did not do what was asked; {@link #kind()} tells the daemon what to do next.
 */
public final class DriverException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why, as far as the daemon's recovery actions care. */
  public enum Kind {
    /** The machine or its BMC did not answer: retrying later may work. */
    UNREACHABLE,
    /** It answered but did not get there in time (no SSH, no power change). */
    TIMEOUT,
    /** It answered and refused or broke: the machine needs attention. */
    FAILED,
    /** This driver cannot do that at all. */
    UNSUPPORTED
  }

  private final Kind kind;

  public DriverException(Kind kind, String message) {
    super(message);
    this.kind = requireNonNull(kind, "kind is null");
  }

  public DriverException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = requireNonNull(kind, "kind is null");
  }

  public Kind kind() {
    return kind;
  }
}
