package io.xenia.dht;

import static java.util.Objects.requireNonNull;

import io.xenia.dht.internal.NodeCore;
import io.xenia.protocol.crypto.Ed25519KeyPair;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Builds a removal (TomP2P's {@code RemoveBuilder}): a tombstone signed by the owner with a higher
 * sequence number than the value it removes. Not thread-safe; build on one thread, then start.
 */
public final class RemoveBuilder {
  private final NodeCore core;
  private final DhtKey key;
  private Ed25519KeyPair owner;
  private Duration ttl = Duration.ofHours(1);
  private Long sequence;

  RemoveBuilder(NodeCore core, DhtKey key, Ed25519KeyPair owner) {
    this.core = core;
    this.key = key;
    this.owner = owner;
  }

  /** The key that owns the value; the node's own key if not set. */
  public RemoveBuilder signedBy(Ed25519KeyPair owner) {
    this.owner = requireNonNull(owner, "owner is null");
    return this;
  }

  /** The tombstone's sequence number; a clock-derived increasing number if not set. */
  public RemoveBuilder sequence(long sequence) {
    if (sequence < 0) {
      throw new IllegalArgumentException("sequence must not be negative");
    }
    this.sequence = sequence;
    return this;
  }

  /** How long the tombstone keeps replays out: at least the removed value's remaining TTL. */
  public RemoveBuilder ttl(Duration ttl) {
    requireNonNull(ttl, "ttl is null");
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("ttl must be positive");
    }
    this.ttl = ttl;
    return this;
  }

  /** Stores the tombstone on the k nodes closest to the location. */
  public CompletableFuture<PutResult> start() {
    return core.operations().remove(key, ttl, sequence, owner);
  }
}
