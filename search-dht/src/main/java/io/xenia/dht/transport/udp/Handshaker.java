package io.xenia.dht.transport.udp;

import static java.util.Objects.requireNonNull;

import io.xenia.dht.security.MembershipCertificate;
import io.xenia.dht.security.MembershipException;
import io.xenia.dht.security.MembershipPolicy;
import io.xenia.protocol.crypto.Ed25519KeyPair;
import io.xenia.protocol.crypto.Ed25519PublicKey;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;

/**
 * The handshake state machine, both roles, per remote socket address (docs/dht-wire.md): INIT →
 * REPLY (responder signs) → FINISH (initiator signs); each side checks the other's signature and
 * membership, then both derive the same {@link SessionKeys}. It knows nothing of channels or
 * timers, so tests drive two of them against each other in memory.
 *
 * <p>Owned by the transport's event loop; not thread-safe.
 */
final class Handshaker {
  /**
   * Responder states kept at once; beyond this new INITs are dropped (memory bound under flood).
   */
  static final int MAX_RESPONDING = 1024;

  private record Initiation(X25519PrivateKeyParameters ephemeral, HandshakePacket.Init init) {}

  private record Responding(
      X25519PrivateKeyParameters ephemeral,
      byte[] initiatorEphemeral,
      byte[] transcript,
      HandshakePacket.Reply reply,
      long startedNanos) {}

  private final Ed25519KeyPair keyPair;
  // Replaced by present() when the node's certificate is renewed; handshakes begun before keep
  // what they already sent, later ones present the new one.
  private byte[] certificate;
  private final MembershipPolicy policy;
  private final SecureRandom random;
  private final Map<InetSocketAddress, Initiation> initiations = new HashMap<>();
  private final Map<InetSocketAddress, Responding> responding = new HashMap<>();

  /** {@code certificate} is the own certificate's JSON, or empty for none. */
  Handshaker(
      Ed25519KeyPair keyPair, byte[] certificate, MembershipPolicy policy, SecureRandom random) {
    this.keyPair = requireNonNull(keyPair, "keyPair is null");
    this.certificate = requireNonNull(certificate, "certificate is null").clone();
    this.policy = requireNonNull(policy, "policy is null");
    this.random = requireNonNull(random, "random is null");
  }

  /** From now on, present this certificate (JSON) in handshakes; on the event loop. */
  void present(byte[] certificate) {
    this.certificate = requireNonNull(certificate, "certificate is null").clone();
  }

  /** The INIT to send to {@code to}: the pending one again if a handshake is in progress. */
  HandshakePacket.Init initiate(InetSocketAddress to) {
    return initiations
        .computeIfAbsent(
            to,
            a -> {
              X25519PrivateKeyParameters eph = HandshakeCrypto.newEphemeral(random);
              byte[] pub = HandshakeCrypto.publicKey(eph);
              return new Initiation(
                  eph, new HandshakePacket.Init(pub, HandshakeCrypto.nonce(random)));
            })
        .init();
  }

  /** Forgets an initiation (timed out, or superseded by a session the peer started). */
  void abandon(InetSocketAddress to) {
    initiations.remove(to);
  }

  /** Responder: answers an INIT (the same REPLY again for a retransmitted INIT); null if full. */
  HandshakePacket.Reply onInit(InetSocketAddress from, HandshakePacket.Init init, long nowNanos) {
    Responding existing = responding.get(from);
    if (existing != null && Arrays.equals(existing.reply.initiatorNonce(), init.nonce())) {
      return existing.reply;
    }
    if (existing == null && responding.size() >= MAX_RESPONDING) {
      return null;
    }
    X25519PrivateKeyParameters eph = HandshakeCrypto.newEphemeral(random);
    byte[] ephPub = HandshakeCrypto.publicKey(eph);
    byte[] nonce = HandshakeCrypto.nonce(random);
    byte[] transcript = HandshakeCrypto.transcript(init.ephemeral(), init.nonce(), ephPub, nonce);
    byte[] signature =
        keyPair.sign(HandshakeCrypto.replyInput(transcript, keyPair.publicKey(), certificate));
    HandshakePacket.Reply reply =
        new HandshakePacket.Reply(
            init.nonce(), ephPub, nonce, keyPair.publicKey().bytes(), certificate, signature);
    responding.put(from, new Responding(eph, init.ephemeral(), transcript, reply, nowNanos));
    return reply;
  }

  /** Initiator: checks the responder and, if admitted, yields the session and the FINISH. */
  HandshakeOutcome onReply(InetSocketAddress from, HandshakePacket.Reply reply, long nowNanos) {
    Initiation initiation = initiations.get(from);
    if (initiation == null || !Arrays.equals(initiation.init.nonce(), reply.initiatorNonce())) {
      return new HandshakeOutcome.Ignored();
    }
    initiations.remove(from);
    byte[] transcript =
        HandshakeCrypto.transcript(
            initiation.init.ephemeral(), initiation.init.nonce(), reply.ephemeral(), reply.nonce());
    try {
      Ed25519PublicKey peer = Ed25519PublicKey.fromBytes(reply.key());
      byte[] input = HandshakeCrypto.replyInput(transcript, peer, reply.certificate());
      admit(peer, input, reply.signature(), reply.certificate());
      byte[] secret = HandshakeCrypto.sharedSecret(initiation.ephemeral, reply.ephemeral());
      byte[] finishInput =
          HandshakeCrypto.finishInput(transcript, keyPair.publicKey(), certificate, peer);
      HandshakePacket.Finish finish =
          new HandshakePacket.Finish(
              reply.nonce(), keyPair.publicKey().bytes(), certificate, keyPair.sign(finishInput));
      Session session =
          new Session(SessionKeys.derive(secret, transcript), true, from, peer, nowNanos);
      return new HandshakeOutcome.Established(session, finish);
    } catch (IllegalArgumentException | MembershipException | DecodeException e) {
      return new HandshakeOutcome.Refused(e.getMessage());
    }
  }

  /** Responder: checks the initiator and, if admitted, yields the session. */
  HandshakeOutcome onFinish(InetSocketAddress from, HandshakePacket.Finish finish, long nowNanos) {
    Responding state = responding.get(from);
    if (state == null || !Arrays.equals(state.reply.nonce(), finish.responderNonce())) {
      return new HandshakeOutcome.Ignored();
    }
    responding.remove(from);
    try {
      Ed25519PublicKey peer = Ed25519PublicKey.fromBytes(finish.key());
      byte[] input =
          HandshakeCrypto.finishInput(
              state.transcript, peer, finish.certificate(), keyPair.publicKey());
      admit(peer, input, finish.signature(), finish.certificate());
      byte[] secret = HandshakeCrypto.sharedSecret(state.ephemeral, state.initiatorEphemeral);
      Session session =
          new Session(SessionKeys.derive(secret, state.transcript), false, from, peer, nowNanos);
      return new HandshakeOutcome.Established(session, null);
    } catch (IllegalArgumentException | MembershipException | DecodeException e) {
      return new HandshakeOutcome.Refused(e.getMessage());
    }
  }

  /** Drops responder states older than the timeout. */
  void expire(long nowNanos, long timeoutNanos) {
    responding.values().removeIf(r -> nowNanos - r.startedNanos > timeoutNanos);
  }

  private void admit(Ed25519PublicKey peer, byte[] input, byte[] signature, byte[] cert) {
    if (!peer.verify(input, signature)) {
      throw new IllegalArgumentException("handshake signature does not verify");
    }
    Optional<MembershipCertificate> parsed =
        cert.length == 0 ? Optional.empty() : Optional.of(MembershipCertificate.fromJson(cert));
    policy.admit(peer, parsed);
  }
}
