package io.xenia.protocol.crypto;

import static java.util.Objects.requireNonNull;

/**
 * PEM text forms of Ed25519 keys, interoperable with OpenSSL ({@code openssl pkey}) and the JDK:
 * private keys as unencrypted PKCS#8 ({@code -----BEGIN PRIVATE KEY-----}, RFC 8410 §7), public
 * keys as SubjectPublicKeyInfo ({@code -----BEGIN PUBLIC KEY-----}). For files with safe
 * permissions use {@link KeyFiles}.
 */
public final class KeyPem {
  static final String PRIVATE_LABEL = "PRIVATE KEY";
  static final String PUBLIC_LABEL = "PUBLIC KEY";

  private KeyPem() {}

  /** The private key as PKCS#8 PEM. The result is secret. */
  public static String privateKeyPem(Ed25519KeyPair key) {
    requireNonNull(key, "key is null");
    return Pem.encode(PRIVATE_LABEL, Ed25519Der.privateKeyInfo(key));
  }

  /**
   * Reads a PKCS#8 PEM Ed25519 private key.
   *
   * @throws KeyFileException if the text holds no such key, or holds another kind of key
   */
  public static Ed25519KeyPair parsePrivateKeyPem(String pem) throws KeyFileException {
    requireNonNull(pem, "pem is null");
    return Ed25519Der.parsePrivateKeyInfo(Pem.decode(pem, PRIVATE_LABEL));
  }

  /** The public key as SubjectPublicKeyInfo PEM. */
  public static String publicKeyPem(Ed25519PublicKey key) {
    requireNonNull(key, "key is null");
    return Pem.encode(PUBLIC_LABEL, Ed25519Der.subjectPublicKeyInfo(key));
  }

  /**
   * Reads a SubjectPublicKeyInfo PEM Ed25519 public key.
   *
   * @throws KeyFileException if the text holds no such key, or holds another kind of key
   */
  public static Ed25519PublicKey parsePublicKeyPem(String pem) throws KeyFileException {
    requireNonNull(pem, "pem is null");
    return Ed25519Der.parseSubjectPublicKeyInfo(Pem.decode(pem, PUBLIC_LABEL));
  }
}
