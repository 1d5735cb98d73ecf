package io.xenia.protocol.crypto;

import java.io.IOException;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/**
 * RFC 8410 DER structures for Ed25519: PKCS#8 {@code PrivateKeyInfo} and X.509 {@code
 * SubjectPublicKeyInfo}.
 */
final class Ed25519Der {
  /** id-Ed25519, RFC 8410 §3. */
  private static final ASN1ObjectIdentifier ID_ED25519 = new ASN1ObjectIdentifier("1.3.101.112");

  // RFC 8410 §3: "the parameters MUST be absent".
  private static final AlgorithmIdentifier ALGORITHM = new AlgorithmIdentifier(ID_ED25519);

  private Ed25519Der() {}

  /**
   * Version-1 PKCS#8 (no public key, no attributes), exactly what {@code openssl genpkey} writes:
   * the seed wrapped in an OCTET STRING ({@code CurvePrivateKey}) inside the privateKey field.
   */
  static byte[] privateKeyInfo(Ed25519KeyPair key) {
    try {
      return new PrivateKeyInfo(ALGORITHM, new DEROctetString(key.seed()))
          .getEncoded(ASN1Encoding.DER);
    } catch (IOException e) {
      throw new IllegalStateException("DER encoding in memory failed", e);
    }
  }

  /**
   * Reads a PKCS#8 Ed25519 private key. A version-2 structure (RFC 5958) is accepted; its optional
   * public key must match the one derived from the seed.
   */
  static Ed25519KeyPair parsePrivateKeyInfo(byte[] der) throws KeyFileException {
    PrivateKeyInfo info;
    try {
      info = PrivateKeyInfo.getInstance(ASN1Primitive.fromByteArray(der));
    } catch (IOException | RuntimeException e) {
      throw new KeyFileException("not a PKCS#8 PrivateKeyInfo: " + e.getMessage(), e);
    }
    requireEd25519(info.getPrivateKeyAlgorithm());
    byte[] seed;
    try {
      ASN1Encodable inner = info.parsePrivateKey();
      seed = ASN1OctetString.getInstance(inner).getOctets();
    } catch (IOException | RuntimeException e) {
      throw new KeyFileException("malformed Ed25519 CurvePrivateKey: " + e.getMessage(), e);
    }
    if (seed.length != Ed25519KeyPair.SEED_LENGTH) {
      throw new KeyFileException("an Ed25519 private key has 32 bytes, not " + seed.length);
    }
    Ed25519KeyPair key = Ed25519KeyPair.fromSeed(seed);
    Arrays.fill(seed, (byte) 0);
    if (info.getPublicKeyData() != null
        && !Arrays.equals(info.getPublicKeyData().getOctets(), key.publicKey().bytes())) {
      throw new KeyFileException("the embedded public key does not belong to the private key");
    }
    return key;
  }

  /** SubjectPublicKeyInfo, as {@code openssl pkey -pubout} writes it. */
  static byte[] subjectPublicKeyInfo(Ed25519PublicKey key) {
    try {
      return new SubjectPublicKeyInfo(ALGORITHM, key.bytes()).getEncoded(ASN1Encoding.DER);
    } catch (IOException e) {
      throw new IllegalStateException("DER encoding in memory failed", e);
    }
  }

  /** Reads an Ed25519 SubjectPublicKeyInfo. */
  static Ed25519PublicKey parseSubjectPublicKeyInfo(byte[] der) throws KeyFileException {
    SubjectPublicKeyInfo info;
    try {
      info = SubjectPublicKeyInfo.getInstance(ASN1Primitive.fromByteArray(der));
    } catch (IOException | RuntimeException e) {
      throw new KeyFileException("not a SubjectPublicKeyInfo: " + e.getMessage(), e);
    }
    requireEd25519(info.getAlgorithm());
    if (info.getPublicKeyData().getPadBits() != 0) {
      throw new KeyFileException("Ed25519 public key bit string has unused bits");
    }
    try {
      return Ed25519PublicKey.fromBytes(info.getPublicKeyData().getOctets());
    } catch (IllegalArgumentException e) {
      throw new KeyFileException(e.getMessage(), e);
    }
  }

  private static void requireEd25519(AlgorithmIdentifier algorithm) throws KeyFileException {
    if (!ID_ED25519.equals(algorithm.getAlgorithm())) {
      throw new KeyFileException(
          "not an Ed25519 key: algorithm " + algorithm.getAlgorithm().getId());
    }
    if (algorithm.getParameters() != null) {
      throw new KeyFileException("Ed25519 algorithm identifier must not have parameters");
    }
  }
}
