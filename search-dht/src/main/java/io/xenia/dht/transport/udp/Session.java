package io.xenia.dht.transport.udp;

import io.netty.buffer.ByteBuf;
import io.xenia.dht.NodeId;
import io.xenia.protocol.crypto.Ed25519PublicKey;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An authenticated session with one peer at one socket address, the result of a handshake: the
 * peer's proven key and id, the MAC keys, the next send counter and the receive replay window.
 *
 * <p>Owned by the transport's event loop: every method runs there, which is why the {@link Mac}
 * instances are reused without locking.
 */
final class Session {
  private final long id;
  private final InetSocketAddress address;
  private final Ed25519PublicKey peerKey;
  private final NodeId peerId;
  private final Mac sendMac;
  private final Mac receiveMac;
  private final ReplayWindow window = new ReplayWindow();
  private final byte[] macScratch = new byte[32];
  private long nextCounter;
  private long lastActiveNanos;

  Session(
      SessionKeys keys,
      boolean initiator,
      InetSocketAddress address,
      Ed25519PublicKey peerKey,
      long nowNanos) {
    this.id = keys.sessionId();
    this.address = address;
    this.peerKey = peerKey;
    this.peerId = NodeId.of(peerKey);
    this.sendMac = mac(initiator ? keys.initiatorToResponder() : keys.responderToInitiator());
    this.receiveMac = mac(initiator ? keys.responderToInitiator() : keys.initiatorToResponder());
    this.lastActiveNanos = nowNanos;
  }

  private static Mac mac(byte[] key) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JDK has HmacSHA256", e);
    }
  }

  long id() {
    return id;
  }

  InetSocketAddress address() {
    return address;
  }

  Ed25519PublicKey peerKey() {
    return peerKey;
  }

  NodeId peerId() {
    return peerId;
  }

  long lastActiveNanos() {
    return lastActiveNanos;
  }

  void touch(long nowNanos) {
    lastActiveNanos = nowNanos;
  }

  /** The counter for the next sealed packet; never reused within the session. */
  long nextCounter() {
    return nextCounter++;
  }

  /** Appends the 16-byte MAC of {@code packet}'s readable bytes to it. */
  void appendMac(ByteBuf packet) {
    sendMac.update(packet.nioBuffer());
    packet.writeBytes(finish(sendMac), 0, WireFormat.MAC_BYTES);
  }

  /** True if the last 16 bytes are the MAC of everything before them (constant-time compare). */
  boolean verifyMac(ByteBuf packet) {
    int macAt = packet.writerIndex() - WireFormat.MAC_BYTES;
    receiveMac.update(packet.nioBuffer(packet.readerIndex(), macAt - packet.readerIndex()));
    byte[] expected = finish(receiveMac);
    byte[] actual = new byte[WireFormat.MAC_BYTES];
    packet.getBytes(macAt, actual);
    return MessageDigest.isEqual(java.util.Arrays.copyOf(expected, WireFormat.MAC_BYTES), actual);
  }

  /** After the MAC verified: true if the counter is fresh. */
  boolean acceptCounter(long counter) {
    return window.accept(counter);
  }

  private byte[] finish(Mac mac) {
    try {
      mac.doFinal(macScratch, 0);
      return macScratch;
    } catch (javax.crypto.ShortBufferException e) {
      throw new IllegalStateException("32-byte buffer for HMAC-SHA256", e);
    }
  }
}
