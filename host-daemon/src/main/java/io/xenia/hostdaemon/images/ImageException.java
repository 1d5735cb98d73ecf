package io.xenia.hostdaemon.images;

/** An image could not be fetched or verified. */
public final class ImageException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why. */
  public enum Kind {
    /** The server could not be reached or the transfer broke: retrying may work. */
    UNREACHABLE,
    /** The server answered with an error status. */
    HTTP_ERROR,
    /** The store has no such image (or will not give it to this host). */
    NOT_FOUND,
    /** The bytes do not have the requested sha256: refused, nothing kept. */
    DIGEST_MISMATCH,
    /** The image alone is larger than the cache's byte budget. */
    TOO_LARGE,
    /** Local disk trouble. */
    IO
  }

  private final Kind kind;

  public ImageException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public ImageException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
