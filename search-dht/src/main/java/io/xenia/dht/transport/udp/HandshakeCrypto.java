package io.xenia.dht.transport.udp;

import io.xenia.protocol.crypto.Ed25519PublicKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import org.bouncycastle.crypto.agreement.X25519Agreement;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PublicKeyParameters;

/**
 * The cryptographic inputs of the handshake (docs/dht-wire.md, "Handshake"): ephemeral X25519 keys,
 * the transcript hash both signatures and the key derivation are bound to, and the domain-separated
 * signing inputs of HELLO_REPLY and HELLO_FINISH. Stateless and thread-safe.
 */
final class HandshakeCrypto {
  static final int KEY_BYTES = 32;
  static final int NONCE_BYTES = 16;

  private static final byte[] TRANSCRIPT = ascii("xenia-dht-hello-v1");
  private static final byte[] REPLY = ascii("xenia-v1:dht-hello-reply:");
  private static final byte[] FINISH = ascii("xenia-v1:dht-hello-finish:");

  private HandshakeCrypto() {}

  static X25519PrivateKeyParameters newEphemeral(SecureRandom random) {
    return new X25519PrivateKeyParameters(random);
  }

  static byte[] publicKey(X25519PrivateKeyParameters key) {
    return key.generatePublicKey().getEncoded();
  }

  static byte[] nonce(SecureRandom random) {
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    return nonce;
  }

  /**
   * The X25519 shared secret.
   *
   * @throws DecodeException for a low-order peer key (an all-zero secret)
   */
  static byte[] sharedSecret(X25519PrivateKeyParameters own, byte[] peerPublic) {
    X25519Agreement agreement = new X25519Agreement();
    agreement.init(own);
    byte[] secret = new byte[agreement.getAgreementSize()];
    try {
      agreement.calculateAgreement(new X25519PublicKeyParameters(peerPublic, 0), secret, 0);
    } catch (IllegalStateException e) {
      // BouncyCastle refuses an all-zero result: the peer sent a small-order point.
      throw new DecodeException("X25519 agreement failed");
    }
    return secret;
  }

  /** SHA-256(label, ephI, nonceI, ephR, nonceR): fixes the exchange both sides saw. */
  static byte[] transcript(byte[] ephI, byte[] nonceI, byte[] ephR, byte[] nonceR) {
    return sha256(TRANSCRIPT, ephI, nonceI, ephR, nonceR);
  }

  /** What the responder signs: its key and certificate, bound to the initiator's fresh values. */
  static byte[] replyInput(byte[] transcript, Ed25519PublicKey responder, byte[] certificate) {
    return concat(REPLY, transcript, responder.bytes(), sha256(certificate));
  }

  /** What the initiator signs: also the responder's key, so the peer it meant is bound in. */
  static byte[] finishInput(
      byte[] transcript,
      Ed25519PublicKey initiator,
      byte[] certificate,
      Ed25519PublicKey responder) {
    return concat(FINISH, transcript, initiator.bytes(), sha256(certificate), responder.bytes());
  }

  static byte[] sha256(byte[]... parts) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (byte[] part : parts) {
        digest.update(part);
      }
      return digest.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private static byte[] concat(byte[]... parts) {
    int length = 0;
    for (byte[] p : parts) {
      length += p.length;
    }
    byte[] out = new byte[length];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
