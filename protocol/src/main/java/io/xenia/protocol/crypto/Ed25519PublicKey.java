package io.xenia.protocol.crypto;

import static java.util.Objects.requireNonNull;

import io.xenia.protocol.encoding.Base64Url;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * An Ed25519 public key (RFC 8032): the identity of a host, customer or broker.
 *
 * <p>A value: immutable, equal when the 32 encoded bytes are equal. Construction refuses byte
 * strings that are not a valid encoded curve point, so an instance can always verify; {@link
 * #verify} then never throws for any signature bytes.
 */
public final class Ed25519PublicKey {
  /** Length of an encoded Ed25519 public key. */
  public static final int LENGTH = 32;

  /** Length of an Ed25519 signature. */
  public static final int SIGNATURE_LENGTH = 64;

  private static final HexFormat HEX = HexFormat.of();

  /**
   * Keys decoded recently. Decoding checks that the bytes are a curve point, which costs about as
   * much as a tenth of a verification; a verifier sees the same few host keys on every record, so
   * it decodes each once. Bounded: emptied when full (hosts are far fewer than this).
   */
  private static final int DECODED_MAX = 4096;

  private static final java.util.concurrent.ConcurrentHashMap<String, Ed25519PublicKey> DECODED =
      new java.util.concurrent.ConcurrentHashMap<>();

  private final byte[] bytes;
  private final Ed25519PublicKeyParameters parameters;
  private String fingerprint;

  private Ed25519PublicKey(byte[] bytes) {
    this.bytes = bytes;
    this.parameters = new Ed25519PublicKeyParameters(bytes, 0);
  }

  /**
   * The key with the given 32-byte RFC 8032 encoding (the array is copied).
   *
   * @throws IllegalArgumentException if the length is not 32 or the bytes are not a valid point
   */
  public static Ed25519PublicKey fromBytes(byte[] bytes) {
    requireNonNull(bytes, "bytes is null");
    if (bytes.length != LENGTH) {
      throw new IllegalArgumentException(
          "an Ed25519 public key has " + LENGTH + " bytes, not " + bytes.length);
    }
    String cacheKey = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
    Ed25519PublicKey known = DECODED.get(cacheKey);
    if (known != null) {
      return known;
    }
    Ed25519PublicKey key;
    try {
      key = new Ed25519PublicKey(bytes.clone());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a valid Ed25519 public key point", e);
    }
    if (DECODED.size() >= DECODED_MAX) {
      DECODED.clear();
    }
    DECODED.put(cacheKey, key);
    return key;
  }

  /**
   * Parses 64 hex digits (either case).
   *
   * @throws IllegalArgumentException if the text is not 32 bytes of hex or not a valid key
   */
  public static Ed25519PublicKey fromHex(String hex) {
    requireNonNull(hex, "hex is null");
    return fromBytes(HEX.parseHex(hex));
  }

  /**
   * Parses unpadded base64url (43 characters), the form used inside records.
   *
   * @throws IllegalArgumentException if the text is not canonical base64url of a valid key
   */
  public static Ed25519PublicKey fromBase64Url(String text) {
    requireNonNull(text, "text is null");
    return fromBytes(Base64Url.decode(text));
  }

  /** A copy of the 32-byte encoding. */
  public byte[] bytes() {
    return bytes.clone();
  }

  /** Lowercase hex of the 32-byte encoding. */
  public String toHex() {
    return HEX.formatHex(bytes);
  }

  /** Unpadded base64url of the 32-byte encoding. */
  public String toBase64Url() {
    return Base64Url.encode(bytes);
  }

  /**
   * Lowercase hex of the SHA-256 of the 32-byte raw encoding (not of the SubjectPublicKeyInfo): 64
   * characters. Used as a short, fixed-length host identifier.
   */
  public String fingerprint() {
    String known = fingerprint;
    if (known == null) {
      known = computeFingerprint();
      fingerprint = known; // racy but idempotent: every thread computes the same string
    }
    return known;
  }

  private String computeFingerprint() {
    try {
      return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform must provide SHA-256", e);
    }
  }

  /**
   * Checks a pure Ed25519 (RFC 8032, no context, no pre-hash) signature over the message.
   *
   * @return true only for a valid signature; false for any wrong, truncated or malformed one
   * @throws NullPointerException if an argument is null
   */
  public boolean verify(byte[] message, byte[] signature) {
    requireNonNull(message, "message is null");
    requireNonNull(signature, "signature is null");
    if (signature.length != SIGNATURE_LENGTH) {
      return false;
    }
    // Ed25519Signer buffers the message and is not thread-safe, so each call gets its own.
    Ed25519Signer verifier = new Ed25519Signer();
    verifier.init(false, parameters);
    verifier.update(message, 0, message.length);
    try {
      return verifier.verifySignature(signature);
    } catch (RuntimeException e) {
      // Defensive: the contract is a boolean for any input, whatever the library does.
      return false;
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Ed25519PublicKey other && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  /** {@code Ed25519PublicKey[<hex>]}. */
  @Override
  public String toString() {
    return "Ed25519PublicKey[" + toHex() + "]";
  }
}
