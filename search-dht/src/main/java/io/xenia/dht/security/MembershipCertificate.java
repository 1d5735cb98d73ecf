package io.xenia.dht.security;

import static java.util.Objects.requireNonNull;

import io.xenia.dht.security.MembershipException.Reason;
import io.xenia.protocol.crypto.Ed25519KeyPair;
import io.xenia.protocol.crypto.Ed25519PublicKey;
import io.xenia.protocol.signing.SignedEnvelope;
import io.xenia.protocol.signing.VerificationException;
import java.time.Instant;

/**
 * A DHT membership certificate: {@link MembershipClaims} signed by the platform CA's Ed25519 key,
 * carried as a {@link SignedEnvelope} of type {@code "dht-membership"} (canonical JSON, so any tool
 * can read it and the signature covers exactly those bytes). Peers present it in the transport
 * handshake; see docs/dht-wire.md.
 *
 * <p>Holding an instance proves nothing: {@link #verify} checks issuer, signature and validity.
 * Immutable and thread-safe.
 */
public final class MembershipCertificate {
  private final SignedEnvelope envelope;
  private final MembershipClaims claims;

  private MembershipCertificate(SignedEnvelope envelope, MembershipClaims claims) {
    this.envelope = envelope;
    this.claims = claims;
  }

  /** The CA signs the claims. */
  public static MembershipCertificate issue(Ed25519KeyPair ca, MembershipClaims claims) {
    requireNonNull(ca, "ca is null");
    requireNonNull(claims, "claims is null");
    return new MembershipCertificate(
        SignedEnvelope.sign(MembershipClaims.TYPE, claims, ca), claims);
  }

  /**
   * Reads a certificate from its JSON bytes ({@link #toJson()}), checking only its shape.
   *
   * @throws MembershipException with {@link Reason#MALFORMED} if it is not one
   */
  public static MembershipCertificate fromJson(byte[] json) {
    requireNonNull(json, "json is null");
    SignedEnvelope envelope;
    try {
      envelope = SignedEnvelope.fromJson(json);
    } catch (RuntimeException e) {
      throw new MembershipException(Reason.MALFORMED, e.getMessage());
    }
    if (envelope.signatures().size() != 1) {
      throw new MembershipException(Reason.WRONG_ISSUER, "a certificate has exactly one signer");
    }
    try {
      // Decoding needs the signature checked first (open does both); the issuer is checked later.
      return new MembershipCertificate(envelope, envelope.open(MembershipClaims.TYPE).record());
    } catch (VerificationException e) {
      throw new MembershipException(
          e.reason() == VerificationException.Reason.BAD_SIGNATURE
              ? Reason.BAD_SIGNATURE
              : Reason.MALFORMED,
          e.getMessage());
    }
  }

  /** The canonical JSON of the envelope, as sent in a handshake. */
  public byte[] toJson() {
    return envelope.toJson();
  }

  /** The claims (unverified unless {@link #verify} returned). */
  public MembershipClaims claims() {
    return claims;
  }

  /** The key that signed this certificate. */
  public Ed25519PublicKey issuer() {
    return envelope.signatures().get(0).signer();
  }

  /**
   * Checks that {@code ca} signed this certificate and that it is valid at {@code now}.
   *
   * @return the verified claims
   * @throws MembershipException with the first failed check's reason
   */
  public MembershipClaims verify(Ed25519PublicKey ca, Instant now) {
    requireNonNull(ca, "ca is null");
    requireNonNull(now, "now is null");
    if (!issuer().equals(ca)) {
      throw new MembershipException(
          Reason.WRONG_ISSUER, "issued by " + issuer().fingerprint() + ", not the trusted CA");
    }
    try {
      envelope.open(MembershipClaims.TYPE).requireSignedBy(ca);
    } catch (VerificationException e) {
      throw new MembershipException(Reason.BAD_SIGNATURE, e.getMessage());
    }
    if (now.isBefore(claims.notBefore())) {
      throw new MembershipException(Reason.NOT_YET_VALID, "valid from " + claims.notBefore());
    }
    if (!now.isBefore(claims.notAfter())) {
      throw new MembershipException(Reason.EXPIRED, "expired at " + claims.notAfter());
    }
    return claims;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MembershipCertificate other && envelope.equals(other.envelope);
  }

  @Override
  public int hashCode() {
    return envelope.hashCode();
  }

  @Override
  public String toString() {
    return "MembershipCertificate[" + claims + ", issuer=" + issuer().fingerprint() + "]";
  }
}
