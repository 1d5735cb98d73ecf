package io.xenia.broker.hosts;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A one-time enrollment token: {@code xet_} and 32 random bytes in base64url. Only its SHA-256 is
 * stored, so it is looked up by hash; it is shown once, when created.
 */
public record EnrollmentToken(String secret) {
  private static final Pattern FORMAT = Pattern.compile("xet_([A-Za-z0-9_-]{43})");
  private static final SecureRandom RANDOM = new SecureRandom();

  public EnrollmentToken {
    requireNonNull(secret, "secret is null");
  }

  public static EnrollmentToken generate() {
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    return new EnrollmentToken(Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
  }

  /** Parses a token; anything not of the exact format is empty. */
  public static Optional<EnrollmentToken> parse(String token) {
    if (token == null) {
      return Optional.empty();
    }
    var m = FORMAT.matcher(token.strip());
    return m.matches() ? Optional.of(new EnrollmentToken(m.group(1))) : Optional.empty();
  }

  public byte[] secretHash() {
    try {
      return MessageDigest.getInstance("SHA-256")
          .digest(secret.getBytes(StandardCharsets.US_ASCII));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JDK", e);
    }
  }

  public String value() {
    return "xet_" + secret;
  }

  /** Never prints the secret. */
  @Override
  public String toString() {
    return "EnrollmentToken[***]";
  }
}
