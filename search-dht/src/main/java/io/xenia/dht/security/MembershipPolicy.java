package io.xenia.dht.security;

import static java.util.Objects.requireNonNull;

import io.xenia.dht.security.MembershipException.Reason;
import io.xenia.protocol.crypto.Ed25519PublicKey;
import java.time.Clock;
import java.util.Optional;

/**
 * Who may join: applied by the transport to every peer once per handshake, after the peer has
 * proved it holds {@code key}. Either {@link #open()} (tests and simulation: anyone) or {@link
 * #requireCertificate} (production: a valid certificate from the platform CA for exactly that key).
 * There is deliberately no default: whoever builds a transport states the policy.
 *
 * <p>Implementations are immutable and thread-safe.
 */
public sealed interface MembershipPolicy {
  /**
   * Admits or refuses a peer.
   *
   * @param key the Ed25519 key the peer proved in the handshake
   * @param certificate what it presented, if anything
   * @throws MembershipException if it is refused
   */
  void admit(Ed25519PublicKey key, Optional<MembershipCertificate> certificate);

  /** Accepts every peer, certificate or not: for tests and the simulator only. */
  static MembershipPolicy open() {
    return new Open();
  }

  /** Accepts peers with a certificate from {@code ca} for their own key, valid on the clock. */
  static MembershipPolicy requireCertificate(Ed25519PublicKey ca, Clock clock) {
    return new CertificateRequired(ca, clock);
  }

  /** Anyone may join. */
  record Open() implements MembershipPolicy {
    @Override
    public void admit(Ed25519PublicKey key, Optional<MembershipCertificate> certificate) {
      requireNonNull(key, "key is null");
    }
  }

  /**
   * Only CA-certified keys may join.
   *
   * @param ca the platform CA's key
   * @param clock the clock validity is checked against
   */
  record CertificateRequired(Ed25519PublicKey ca, Clock clock) implements MembershipPolicy {
    /** Checks presence. */
    public CertificateRequired {
      requireNonNull(ca, "ca is null");
      requireNonNull(clock, "clock is null");
    }

    @Override
    public void admit(Ed25519PublicKey key, Optional<MembershipCertificate> certificate) {
      requireNonNull(key, "key is null");
      MembershipCertificate cert =
          certificate.orElseThrow(
              () -> new MembershipException(Reason.MISSING, "no membership certificate"));
      MembershipClaims claims = cert.verify(ca, clock.instant());
      if (!claims.subject().equals(key)) {
        throw new MembershipException(
            Reason.KEY_MISMATCH, "certificate is for " + claims.subject().fingerprint());
      }
    }
  }
}
