package io.xenia.dht;

import static java.util.Objects.requireNonNull;

import io.xenia.dht.internal.NodeCore;
import io.xenia.protocol.crypto.Ed25519KeyPair;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Builds a put (TomP2P's {@code PutBuilder}): value, sort key, TTL, sequence number and signing
 * key, then {@link #start()}. Not thread-safe; build on one thread, then start.
 */
public final class PutBuilder {
  private final NodeCore core;
  private final DhtKey key;
  private Ed25519KeyPair owner;
  private byte[] value = new byte[0];
  private long sortKey;
  private Duration ttl = Duration.ofHours(1);
  private Long sequence;
  private boolean republish = true;

  PutBuilder(NodeCore core, DhtKey key, Ed25519KeyPair owner) {
    this.core = core;
    this.key = key;
    this.owner = owner;
  }

  /** The value (copied). */
  public PutBuilder value(byte[] value) {
    this.value = requireNonNull(value, "value is null").clone();
    return this;
  }

  /** The order-preserving number digests summarise (min/max); 0 if not set. */
  public PutBuilder sortKey(long sortKey) {
    this.sortKey = sortKey;
    return this;
  }

  /** How long the value lives; one hour if not set. */
  public PutBuilder ttl(Duration ttl) {
    requireNonNull(ttl, "ttl is null");
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("ttl must be positive");
    }
    this.ttl = ttl;
    return this;
  }

  /**
   * The sequence number; must exceed the one stored for this key. If not set, the node uses a
   * clock-derived number that increases across calls and restarts.
   */
  public PutBuilder sequence(long sequence) {
    if (sequence < 0) {
      throw new IllegalArgumentException("sequence must not be negative");
    }
    this.sequence = sequence;
    return this;
  }

  /** The key that signs (and so owns) the entry; the node's own key if not set. */
  public PutBuilder signedBy(Ed25519KeyPair owner) {
    this.owner = requireNonNull(owner, "owner is null");
    return this;
  }

  /**
   * Whether this node re-stores the entry before it expires and at every republish interval until
   * the TTL ends; on by default. Off for one-shot writes.
   */
  public PutBuilder republish(boolean republish) {
    this.republish = republish;
    return this;
  }

  /** Signs the entry and stores it on the k nodes closest to the location. */
  public CompletableFuture<PutResult> start() {
    return core.operations().putValue(key, value, sortKey, ttl, sequence, owner, republish);
  }
}
