package io.xenia.dht;

import static java.util.Objects.requireNonNull;

import io.xenia.protocol.crypto.Ed25519KeyPair;
import io.xenia.protocol.crypto.Ed25519PublicKey;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One stored value, signed by its owner: the unit the DHT stores, replicates and protects.
 *
 * <p>Protection rules, applied by every storing node: an entry replaces a stored one with the same
 * {@link DhtKey} only if the same owner key signed it and its sequence number is higher; a
 * tombstone (a signed removal) follows the same rule and keeps later replays of the removed value
 * out until the value would have expired. The signature covers every field, so a storing node
 * cannot alter an entry it relays.
 *
 * <p>{@code sortKey} is an order-preserving number the owner attaches (the search index puts an
 * attribute value there) so that a node can summarise a location's entries ({@link Digest}) without
 * understanding the values.
 *
 * <p>Immutable and thread-safe; arrays are copied in and out.
 */
public final class Entry {
  /** The largest value a node accepts, in bytes; larger ones are refused as too large. */
  public static final int MAX_VALUE_BYTES = 60 * 1024;

  private static final byte[] DOMAIN_SEPARATOR =
      "xenia-v1:dht-entry:".getBytes(StandardCharsets.US_ASCII);

  private final DhtKey key;
  private final byte[] value;
  private final long sortKey;
  private final Ed25519PublicKey owner;
  private final long sequence;
  private final long expiresAtMillis;
  private final boolean tombstone;
  private final byte[] signature;

  private Entry(
      DhtKey key,
      byte[] value,
      long sortKey,
      Ed25519PublicKey owner,
      long sequence,
      long expiresAtMillis,
      boolean tombstone,
      byte[] signature) {
    this.key = requireNonNull(key, "key is null");
    this.value = requireNonNull(value, "value is null");
    this.sortKey = sortKey;
    this.owner = requireNonNull(owner, "owner is null");
    this.sequence = sequence;
    this.expiresAtMillis = expiresAtMillis;
    this.tombstone = tombstone;
    this.signature = requireNonNull(signature, "signature is null");
    if (tombstone && value.length != 0) {
      throw new IllegalArgumentException("a tombstone has no value");
    }
    if (sequence < 0) {
      throw new IllegalArgumentException("sequence must not be negative");
    }
  }

  /** Signs a value entry with the owner's key. */
  public static Entry sign(
      DhtKey key,
      byte[] value,
      long sortKey,
      long sequence,
      long expiresAtMillis,
      Ed25519KeyPair owner) {
    return signed(key, value.clone(), sortKey, sequence, expiresAtMillis, false, owner);
  }

  /**
   * Signs a removal of the value at {@code key}; it must carry a higher sequence number than the
   * value it removes and should live as long as that value would have.
   */
  public static Entry signTombstone(
      DhtKey key, long sequence, long expiresAtMillis, Ed25519KeyPair owner) {
    return signed(key, new byte[0], 0, sequence, expiresAtMillis, true, owner);
  }

  private static Entry signed(
      DhtKey key,
      byte[] value,
      long sortKey,
      long sequence,
      long expiresAtMillis,
      boolean tombstone,
      Ed25519KeyPair owner) {
    requireNonNull(owner, "owner is null");
    byte[] input =
        signingInput(key, value, sortKey, owner.publicKey(), sequence, expiresAtMillis, tombstone);
    return new Entry(
        key,
        value,
        sortKey,
        owner.publicKey(),
        sequence,
        expiresAtMillis,
        tombstone,
        owner.sign(input));
  }

  /**
   * An entry as received from the wire, not yet verified: call {@link #hasValidSignature()} before
   * trusting it.
   */
  public static Entry fromWire(
      DhtKey key,
      byte[] value,
      long sortKey,
      Ed25519PublicKey owner,
      long sequence,
      long expiresAtMillis,
      boolean tombstone,
      byte[] signature) {
    return new Entry(
        key,
        value.clone(),
        sortKey,
        owner,
        sequence,
        expiresAtMillis,
        tombstone,
        signature.clone());
  }

  /**
   * True if the owner key signed exactly these fields. Remembered per JVM ({@link
   * VerifiedSignatures}), so reading the same entry again costs a hash, not a verification.
   */
  public boolean hasValidSignature() {
    return VerifiedSignatures.verify(
        owner,
        signingInput(key, value, sortKey, owner, sequence, expiresAtMillis, tombstone),
        signature);
  }

  /** True if the entry is void at {@code nowMillis} (epoch milliseconds). */
  public boolean isExpiredAt(long nowMillis) {
    return nowMillis >= expiresAtMillis;
  }

  private static byte[] signingInput(
      DhtKey key,
      byte[] value,
      long sortKey,
      Ed25519PublicKey owner,
      long sequence,
      long expiresAtMillis,
      boolean tombstone) {
    ByteBuffer buffer =
        ByteBuffer.allocate(DOMAIN_SEPARATOR.length + 4 * 32 + 3 * 8 + 1 + 4 + value.length);
    buffer.put(DOMAIN_SEPARATOR);
    buffer.put(key.location().bytes()).put(key.domain().bytes()).put(key.content().bytes());
    buffer.put(owner.bytes());
    buffer.putLong(sequence).putLong(expiresAtMillis).putLong(sortKey);
    buffer.put((byte) (tombstone ? 1 : 0));
    buffer.putInt(value.length).put(value);
    return buffer.array();
  }

  public DhtKey key() {
    return key;
  }

  /** A copy of the value; empty for a tombstone. */
  public byte[] value() {
    return value.clone();
  }

  /** The value's length without copying it. */
  public int valueLength() {
    return value.length;
  }

  public long sortKey() {
    return sortKey;
  }

  public Ed25519PublicKey owner() {
    return owner;
  }

  public long sequence() {
    return sequence;
  }

  /** Epoch milliseconds from which the entry is void. */
  public long expiresAtMillis() {
    return expiresAtMillis;
  }

  public boolean isTombstone() {
    return tombstone;
  }

  /** A copy of the 64-byte Ed25519 signature. */
  public byte[] signature() {
    return signature.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Entry e
        && key.equals(e.key)
        && sequence == e.sequence
        && owner.equals(e.owner)
        && Arrays.equals(signature, e.signature);
  }

  @Override
  public int hashCode() {
    return key.hashCode() * 31 + Long.hashCode(sequence);
  }

  @Override
  public String toString() {
    return (tombstone ? "Tombstone[" : "Entry[")
        + key.content().toHex().substring(0, 12)
        + " seq="
        + sequence
        + " bytes="
        + value.length
        + "]";
  }
}
