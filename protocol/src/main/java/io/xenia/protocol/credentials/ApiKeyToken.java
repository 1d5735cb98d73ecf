package io.xenia.protocol.credentials;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The bearer token of an API key: {@code xk_<key id, 32 hex>_<secret, 43 base64url>}. The id finds
 * the key without a scan; the 256-bit secret proves possession. Only SHA-256 of the secret is
 * stored — a plain hash is enough because the secret is random and long, unlike a password.
 */
public record ApiKeyToken(UUID keyId, String secret) {
  private static final Pattern FORMAT = Pattern.compile("xk_([0-9a-f]{32})_([A-Za-z0-9_-]{43})");
  private static final SecureRandom RANDOM = new SecureRandom();

  public ApiKeyToken {
    requireNonNull(keyId, "keyId is null");
    requireNonNull(secret, "secret is null");
  }

  public static ApiKeyToken generate(UUID keyId) {
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    return new ApiKeyToken(keyId, Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
  }

  /** Parses a token; anything not of the exact format is empty. */
  public static Optional<ApiKeyToken> parse(String token) {
    if (token == null) {
      return Optional.empty();
    }
    var m = FORMAT.matcher(token);
    if (!m.matches()) {
      return Optional.empty();
    }
    String hex = m.group(1);
    UUID id =
        new UUID(
            Long.parseUnsignedLong(hex.substring(0, 16), 16),
            Long.parseUnsignedLong(hex.substring(16), 16));
    return Optional.of(new ApiKeyToken(id, m.group(2)));
  }

  public byte[] secretHash() {
    try {
      return MessageDigest.getInstance("SHA-256")
          .digest(secret.getBytes(StandardCharsets.US_ASCII));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JDK", e);
    }
  }

  /** Constant-time comparison with a stored hash. */
  public boolean matches(byte[] storedHash) {
    return MessageDigest.isEqual(secretHash(), storedHash);
  }

  public String value() {
    String id = HexFormat.of().formatHex(toBytes(keyId));
    return "xk_" + id + "_" + secret;
  }

  /** Never prints the secret. */
  @Override
  public String toString() {
    return "ApiKeyToken[" + keyId + "]";
  }

  private static byte[] toBytes(UUID id) {
    var b = java.nio.ByteBuffer.allocate(16);
    b.putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits());
    return b.array();
  }
}
