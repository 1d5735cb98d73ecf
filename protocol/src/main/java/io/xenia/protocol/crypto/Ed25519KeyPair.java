package io.xenia.protocol.crypto;

import static java.util.Objects.requireNonNull;

import java.security.SecureRandom;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * An Ed25519 private key (its 32-byte RFC 8032 seed) and the public key derived from it.
 *
 * <p>Signing is deterministic: the same seed and message always give the same 64-byte signature,
 * which is what makes the checked-in test vectors possible. {@link #toString()} never shows the
 * seed. Instances are immutable and thread-safe.
 */
public final class Ed25519KeyPair {
  /** Length of an Ed25519 private key seed. */
  public static final int SEED_LENGTH = 32;

  private final Ed25519PrivateKeyParameters privateKey;
  private final Ed25519PublicKey publicKey;

  private Ed25519KeyPair(Ed25519PrivateKeyParameters privateKey) {
    this.privateKey = privateKey;
    this.publicKey = Ed25519PublicKey.fromBytes(privateKey.generatePublicKey().getEncoded());
  }

  /** A fresh key pair whose seed is drawn from the given random source. */
  public static Ed25519KeyPair generate(SecureRandom random) {
    requireNonNull(random, "random is null");
    return new Ed25519KeyPair(new Ed25519PrivateKeyParameters(random));
  }

  /**
   * The key pair for a 32-byte seed (the array is copied).
   *
   * @throws IllegalArgumentException if the seed is not 32 bytes
   */
  public static Ed25519KeyPair fromSeed(byte[] seed) {
    requireNonNull(seed, "seed is null");
    if (seed.length != SEED_LENGTH) {
      throw new IllegalArgumentException(
          "an Ed25519 seed has " + SEED_LENGTH + " bytes, not " + seed.length);
    }
    return new Ed25519KeyPair(new Ed25519PrivateKeyParameters(seed, 0));
  }

  /** The public half. */
  public Ed25519PublicKey publicKey() {
    return publicKey;
  }

  /** A pure Ed25519 signature (64 bytes) over the message. */
  public byte[] sign(byte[] message) {
    requireNonNull(message, "message is null");
    // Ed25519Signer buffers the message and is not thread-safe, so each call gets its own.
    Ed25519Signer signer = new Ed25519Signer();
    signer.init(true, privateKey);
    signer.update(message, 0, message.length);
    return signer.generateSignature();
  }

  /**
   * A copy of the 32-byte secret seed. Only for storing the key ({@link KeyFiles}) and for test
   * vectors; anything else should sign through {@link #sign}.
   */
  public byte[] seed() {
    return privateKey.getEncoded();
  }

  /** Shows only the public key. */
  @Override
  public String toString() {
    return "Ed25519KeyPair[public=" + publicKey.toHex() + "]";
  }
}
