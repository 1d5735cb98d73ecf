package io.xenia.dht.security;

import static java.util.Objects.requireNonNull;

/**
 * A peer that must not be admitted to the DHT. {@link #reason()} says why without parsing the
 * message, so transports can count refusals by cause.
 */
public final class MembershipException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why a certificate (or its absence) was refused. */
  public enum Reason {
    /** The policy requires a certificate and the peer presented none. */
    MISSING,
    /** The bytes are not a well-formed membership certificate envelope. */
    MALFORMED,
    /** Not signed by the CA this policy trusts (or signed by several keys). */
    WRONG_ISSUER,
    /** The CA's signature does not verify: tampered or forged. */
    BAD_SIGNATURE,
    /** {@code now} is before {@code notBefore}. */
    NOT_YET_VALID,
    /** {@code now} is at or after {@code notAfter}. */
    EXPIRED,
    /** The certificate names another key than the one the peer proved it holds. */
    KEY_MISMATCH
  }

  private final Reason reason;

  /**
   * @param reason why
   * @param message details for logs
   */
  public MembershipException(Reason reason, String message) {
    super(requireNonNull(reason, "reason is null") + ": " + message);
    this.reason = reason;
  }

  /** Why the peer was refused. */
  public Reason reason() {
    return reason;
  }
}
