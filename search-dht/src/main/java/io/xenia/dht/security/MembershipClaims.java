package io.xenia.dht.security;

import static java.util.Objects.requireNonNull;

import io.xenia.protocol.crypto.Ed25519PublicKey;
import io.xenia.protocol.encoding.CanonicalObject;
import io.xenia.protocol.encoding.CanonicalValue;
import io.xenia.protocol.encoding.FieldReader;
import io.xenia.protocol.signing.RecordType;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What the platform CA vouches for in a {@link MembershipCertificate}: this key may join the DHT in
 * this role during this interval. Signed as a {@code "dht-membership"} record (canonical JSON,
 * docs/dht-wire.md).
 *
 * <p>A value; thread-safe. Instants are truncated to milliseconds, the canonical precision.
 *
 * @param version record version, {@link #VERSION}
 * @param subject the member's Ed25519 key; its node id is {@code NodeId.of(subject)}
 * @param role what it is admitted as
 * @param subjectName a human-readable name for logs (host id, broker instance), 1-128 ASCII chars
 * @param serial the CA's serial number, for revocation lists later; ≥ 0
 * @param notBefore first valid instant
 * @param notAfter first invalid instant; after notBefore
 */
public record MembershipClaims(
    int version,
    Ed25519PublicKey subject,
    MembershipRole role,
    String subjectName,
    long serial,
    Instant notBefore,
    Instant notAfter) {
  /** The record version this code writes and reads. */
  public static final int VERSION = 1;

  /** Wire type name and codec, for {@link io.xenia.protocol.signing.SignedEnvelope}. */
  public static final RecordType<MembershipClaims> TYPE =
      new RecordType<>(
          "dht-membership", MembershipClaims::toCanonical, MembershipClaims::fromCanonical);

  /** The largest serial: canonical JSON integers are limited to 2^53-1. */
  public static final long MAX_SERIAL = (1L << 53) - 1;

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}");

  /** Validates every field. */
  public MembershipClaims {
    if (version != VERSION) {
      throw new IllegalArgumentException("dht-membership version " + version + " unsupported");
    }
    requireNonNull(subject, "subject is null");
    requireNonNull(role, "role is null");
    requireNonNull(subjectName, "subjectName is null");
    if (!NAME.matcher(subjectName).matches()) {
      throw new IllegalArgumentException("subjectName must be 1-128 ASCII id characters");
    }
    if (serial < 0 || serial > MAX_SERIAL) {
      throw new IllegalArgumentException("serial must be in 0..2^53-1 (a JSON-safe integer)");
    }
    notBefore = requireNonNull(notBefore, "notBefore is null").truncatedTo(ChronoUnit.MILLIS);
    notAfter = requireNonNull(notAfter, "notAfter is null").truncatedTo(ChronoUnit.MILLIS);
    if (!notAfter.isAfter(notBefore)) {
      throw new IllegalArgumentException("notAfter must be after notBefore");
    }
  }

  /** Claims of the current version. */
  public static MembershipClaims of(
      Ed25519PublicKey subject,
      MembershipRole role,
      String subjectName,
      long serial,
      Instant notBefore,
      Instant notAfter) {
    return new MembershipClaims(VERSION, subject, role, subjectName, serial, notBefore, notAfter);
  }

  /** The canonical object; members are named as the components, the role in lowercase. */
  public CanonicalValue toCanonical() {
    return CanonicalObject.builder()
        .put("version", version)
        .put("subject", subject.toBase64Url())
        .put("role", role.name().toLowerCase(Locale.ROOT))
        .put("subjectName", subjectName)
        .put("serial", serial)
        .put("notBefore", notBefore)
        .put("notAfter", notAfter)
        .build();
  }

  /** Decodes and validates, naming the first bad field. */
  public static MembershipClaims fromCanonical(CanonicalValue value) {
    FieldReader r = FieldReader.of(value, "dht-membership");
    int version = r.version(VERSION);
    Ed25519PublicKey subject = r.string("subject", Ed25519PublicKey::fromBase64Url);
    MembershipRole role = r.string("role", MembershipClaims::role);
    String name = r.string("subjectName");
    long serial = r.integer("serial", 0, MAX_SERIAL);
    Instant notBefore = r.instant("notBefore");
    Instant notAfter = r.instant("notAfter");
    return r.build(
        () -> new MembershipClaims(version, subject, role, name, serial, notBefore, notAfter));
  }

  private static MembershipRole role(String text) {
    for (MembershipRole role : MembershipRole.values()) {
      if (role.name().toLowerCase(Locale.ROOT).equals(text)) {
        return role;
      }
    }
    throw new IllegalArgumentException("unknown role \"" + text + "\"");
  }
}
