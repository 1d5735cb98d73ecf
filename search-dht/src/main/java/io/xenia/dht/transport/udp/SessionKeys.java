package io.xenia.dht.transport.udp;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/**
 * What a handshake yields: the session id both sides put in every sealed packet and one MAC key per
 * direction (so a packet cannot be reflected back to its sender).
 *
 * <p>Derived as HKDF-SHA256(ikm = X25519 shared secret, salt = handshake transcript hash, info =
 * "xenia-dht-session-v1"), 72 bytes: initiator→responder key (32), responder→initiator key (32),
 * session id (8). A value.
 */
record SessionKeys(long sessionId, byte[] initiatorToResponder, byte[] responderToInitiator) {
  private static final byte[] INFO = "xenia-dht-session-v1".getBytes(StandardCharsets.US_ASCII);

  static SessionKeys derive(byte[] sharedSecret, byte[] transcriptHash) {
    HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
    hkdf.init(new HKDFParameters(sharedSecret, transcriptHash, INFO));
    byte[] out = new byte[72];
    hkdf.generateBytes(out, 0, out.length);
    byte[] i2r = java.util.Arrays.copyOfRange(out, 0, 32);
    byte[] r2i = java.util.Arrays.copyOfRange(out, 32, 64);
    return new SessionKeys(ByteBuffer.wrap(out, 64, 8).getLong(), i2r, r2i);
  }
}
