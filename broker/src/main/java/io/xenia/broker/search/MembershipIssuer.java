package io.xenia.broker.search;

import static java.util.Objects.requireNonNull;

import io.xenia.dht.security.MembershipCertificate;
import io.xenia.dht.security.MembershipClaims;
import io.xenia.dht.security.MembershipRole;
import io.xenia.protocol.crypto.Ed25519KeyPair;
import io.xenia.protocol.crypto.Ed25519PublicKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The platform CA for DHT membership: signs {@link MembershipCertificate}s with the CA key ({@code
 * xenia.search.ca-key-file}). The broker certifies its own node with it at start-up and when the
 * certificate is due for renewal; host enrollment and the search-node operator command call {@link
 * #issue} for other keys.
 *
 * <p>Certificates are valid from five minutes before issue (clock skew between machines) for {@code
 * xenia.search.certificate-validity}. Serial numbers are random 53-bit numbers, unique in practice;
 * nothing is recorded yet (revocation is a later issue). Immutable and thread-safe.
 */
public final class MembershipIssuer {
  /** How far before "now" a certificate's validity starts, for peers whose clocks run behind. */
  static final Duration SKEW_ALLOWANCE = Duration.ofMinutes(5);

  private final Ed25519KeyPair ca;
  private final Duration validity;
  private final Clock clock;
  private final SecureRandom random;

  MembershipIssuer(Ed25519KeyPair ca, Duration validity, Clock clock, SecureRandom random) {
    this.ca = requireNonNull(ca, "ca is null");
    this.validity = requireNonNull(validity, "validity is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.random = requireNonNull(random, "random is null");
  }

  /** The CA's public key: what every member's policy trusts. */
  public Ed25519PublicKey caPublicKey() {
    return ca.publicKey();
  }

  /** The default validity of issued certificates. */
  public Duration validity() {
    return validity;
  }

  /** A certificate for {@code subject} in {@code role}, valid for the default validity. */
  public MembershipCertificate issue(
      Ed25519PublicKey subject, MembershipRole role, String subjectName) {
    return issue(subject, role, subjectName, validity);
  }

  /**
   * A certificate for {@code subject} in {@code role}.
   *
   * @param subjectName a name for logs: 1-128 characters of {@code [A-Za-z0-9._:@-]}, starting with
   *     a letter or digit
   * @param validity how long from now it is valid
   * @throws IllegalArgumentException if the name or validity is not acceptable
   */
  public MembershipCertificate issue(
      Ed25519PublicKey subject, MembershipRole role, String subjectName, Duration validity) {
    requireNonNull(subject, "subject is null");
    requireNonNull(role, "role is null");
    requireNonNull(validity, "validity is null");
    if (validity.isNegative() || validity.isZero()) {
      throw new IllegalArgumentException("validity must be positive");
    }
    Instant now = clock.instant();
    long serial = random.nextLong() & MembershipClaims.MAX_SERIAL;
    MembershipClaims claims =
        MembershipClaims.of(
            subject, role, subjectName, serial, now.minus(SKEW_ALLOWANCE), now.plus(validity));
    return MembershipCertificate.issue(ca, claims);
  }
}
