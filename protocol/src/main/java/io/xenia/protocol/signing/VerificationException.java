package io.xenia.protocol.signing;

import static java.util.Objects.requireNonNull;

/**
 * A signed record that must not be trusted. {@link #reason()} tells callers why without parsing the
 * message; the message gives details for logs.
 */
public final class VerificationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why verification failed. */
  public enum Reason {
    /** The envelope's signature scheme or the record's own version is one this code cannot read. */
    UNSUPPORTED_VERSION,
    /** The envelope is labelled with a different record type than the caller expected. */
    WRONG_TYPE,
    /** The envelope carries no signature at all. */
    NO_SIGNATURE,
    /** A signature does not verify: tampered body, wrong type label, or a forged signature. */
    BAD_SIGNATURE,
    /** A party that must have signed did not. */
    MISSING_SIGNER,
    /** The signatures are fine but the body is not a valid record of the type. */
    MALFORMED_RECORD
  }

  private final Reason reason;

  /**
   * @param reason why verification failed
   * @param message details
   */
  public VerificationException(Reason reason, String message) {
    super(requireNonNull(reason, "reason is null") + ": " + message);
    this.reason = reason;
  }

  /**
   * @param reason why verification failed
   * @param message details
   * @param cause the lower-level failure
   */
  public VerificationException(Reason reason, String message, Throwable cause) {
    super(requireNonNull(reason, "reason is null") + ": " + message, cause);
    this.reason = reason;
  }

  /** Why verification failed. */
  public Reason reason() {
    return reason;
  }
}
