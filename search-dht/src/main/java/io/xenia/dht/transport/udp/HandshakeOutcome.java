package io.xenia.dht.transport.udp;

/** What a handshake packet led to; see {@link Handshaker}. */
sealed interface HandshakeOutcome {
  /** A session is ready; {@code reply} (may be null) must be sent to the peer first. */
  record Established(Session session, HandshakePacket reply) implements HandshakeOutcome {}

  /** The peer proved a key but the signature or membership check failed; nothing is sent. */
  record Refused(String reason) implements HandshakeOutcome {}

  /** A packet that matches no handshake in progress (late, duplicate or stray); dropped. */
  record Ignored() implements HandshakeOutcome {}
}
