package io.xenia.dht.security;

import static java.util.Objects.requireNonNull;

import io.xenia.dht.NodeId;
import io.xenia.protocol.crypto.Ed25519KeyPair;
import java.util.Optional;

/**
 * Who this node is: its Ed25519 key pair (its node id is {@code NodeId.of(publicKey)}) and, in a
 * closed network, the CA's membership certificate for that key, which the transport presents in
 * every handshake.
 *
 * <p>A value; thread-safe.
 *
 * @param keyPair the node's long-term signing key
 * @param certificate its membership certificate, if it has one
 */
public record NodeIdentity(Ed25519KeyPair keyPair, Optional<MembershipCertificate> certificate) {
  /** Checks that a certificate, if present, is for this key pair. */
  public NodeIdentity {
    requireNonNull(keyPair, "keyPair is null");
    requireNonNull(certificate, "certificate is null");
    if (certificate.isPresent()
        && !certificate.get().claims().subject().equals(keyPair.publicKey())) {
      throw new IllegalArgumentException("the certificate is for another key");
    }
  }

  /** A node without a certificate (accepted only by open policies). */
  public static NodeIdentity uncertified(Ed25519KeyPair keyPair) {
    return new NodeIdentity(keyPair, Optional.empty());
  }

  /** A node with its certificate. */
  public static NodeIdentity certified(Ed25519KeyPair keyPair, MembershipCertificate certificate) {
    return new NodeIdentity(keyPair, Optional.of(certificate));
  }

  /** The node's id. */
  public NodeId nodeId() {
    return NodeId.of(keyPair.publicKey());
  }
}
