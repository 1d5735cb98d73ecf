package io.xenia.hostdaemon.api;

import static java.util.Objects.requireNonNull;

/** A failure of a {@link HostControl} call that the calling broker can act on. */
public final class HostControlException extends RuntimeException {
  /** What went wrong, and the HTTP status the edge answers with. */
  public enum Kind {
    NOT_FOUND("not-found", 404),
    CONFLICT("conflict", 409),
    INVALID("invalid-request", 400),
    /** A well-formed request the host declines, with a stable {@link #reason()} code. */
    REFUSED("refused", 409),
    UNAVAILABLE("unavailable", 503);

    private final String slug;
    private final int status;

    Kind(String slug, int status) {
      this.slug = slug;
      this.status = status;
    }

    public String slug() {
      return slug;
    }

    public int status() {
      return status;
    }
  }

  private final Kind kind;
  private final String reason;

  public HostControlException(Kind kind, String detail) {
    this(kind, null, detail);
  }

  /**
   * @param reason a stable machine-readable code (e.g. {@code maintenance-window}), sent as the
   *     problem's {@code reason} member; null for none
   */
  public HostControlException(Kind kind, String reason, String detail) {
    super(requireNonNull(detail, "detail is null"));
    this.kind = requireNonNull(kind, "kind is null");
    this.reason = reason;
  }

  public Kind kind() {
    return kind;
  }

  /** The stable refusal code, or null. */
  public String reason() {
    return reason;
  }
}
