package io.xenia.dht;

import static java.util.Objects.requireNonNull;

import io.xenia.protocol.crypto.Ed25519PublicKey;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;

/**
 * A 256-bit Kademlia node (or key) identifier.
 *
 * <p>A value: immutable, equal when the 32 bytes are equal, ordered as an unsigned big-endian
 * integer. Thread-safe. Arrays passed in or handed out are copied so that no caller can change an
 * id after it has been placed in a routing table.
 */
public final class NodeId implements Comparable<NodeId> {
  /** Length of an id in bytes. */
  public static final int LENGTH = 32;

  /** Length of an id in bits; also the number of k-buckets in a routing table. */
  public static final int BITS = LENGTH * 8;

  private static final HexFormat HEX = HexFormat.of();

  private final byte[] bytes;

  private NodeId(byte[] bytes) {
    this.bytes = bytes;
  }

  /**
   * The id with the given 32 bytes (the array is copied).
   *
   * @throws IllegalArgumentException if the length is not 32
   */
  public static NodeId fromBytes(byte[] bytes) {
    requireNonNull(bytes, "bytes is null");
    if (bytes.length != LENGTH) {
      throw new IllegalArgumentException("a node id has " + LENGTH + " bytes, not " + bytes.length);
    }
    return new NodeId(bytes.clone());
  }

  /**
   * The id of a node identified by an Ed25519 key: SHA-256 of the key's 32-byte raw encoding, so
   * that ids are uniformly spread over the key space whatever the key structure, and a node cannot
   * choose its id without choosing its key.
   */
  public static NodeId of(Ed25519PublicKey key) {
    requireNonNull(key, "key is null");
    // The key's fingerprint is defined as the hex SHA-256 of its 32 bytes: the id, once, in
    // protocol/.
    return fromHex(key.fingerprint());
  }

  /**
   * Parses 64 hex digits (either case).
   *
   * @throws IllegalArgumentException if the text is not 32 bytes of hex
   */
  public static NodeId fromHex(String hex) {
    requireNonNull(hex, "hex is null");
    return fromBytes(HEX.parseHex(hex));
  }

  /**
   * A random id drawn from the given source; for simulations and tests, where a seeded {@link
   * Random} makes a run reproducible. Not for production ids, which come from {@link #of}.
   */
  public static NodeId random(Random random) {
    requireNonNull(random, "random is null");
    byte[] bytes = new byte[LENGTH];
    random.nextBytes(bytes);
    return new NodeId(bytes);
  }

  /** A copy of the 32 bytes. */
  public byte[] bytes() {
    return bytes.clone();
  }

  /** Lowercase hex of the 32 bytes: 64 characters. */
  public String toHex() {
    return HEX.formatHex(bytes);
  }

  /** The XOR distance between this id and the other. */
  public Distance distanceTo(NodeId other) {
    requireNonNull(other, "other is null");
    byte[] xor = new byte[LENGTH];
    for (int i = 0; i < LENGTH; i++) {
      xor[i] = (byte) (bytes[i] ^ other.bytes[i]);
    }
    return Distance.ofXor(xor);
  }

  /**
   * Compares the XOR distances of {@code a} and {@code b} from this id without allocating: negative
   * if {@code a} is closer, zero if equally far (only when a equals b), positive if {@code b} is
   * closer. Sorting contacts by distance is the hottest path of a lookup, so it must not create a
   * {@link Distance} per comparison.
   */
  public int compareDistances(NodeId a, NodeId b) {
    for (int i = 0; i < LENGTH; i++) {
      int da = (a.bytes[i] ^ bytes[i]) & 0xff;
      int db = (b.bytes[i] ^ bytes[i]) & 0xff;
      if (da != db) {
        return Integer.compare(da, db);
      }
    }
    return 0;
  }

  /** The byte at {@code index} (0 = most significant), without copying the id. */
  public int byteAt(int index) {
    return bytes[index] & 0xff;
  }

  /** Unsigned big-endian comparison, the order of the ids as 256-bit integers. */
  @Override
  public int compareTo(NodeId other) {
    return Arrays.compareUnsigned(bytes, other.bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NodeId other && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  /** {@code NodeId[<hex>]}. */
  @Override
  public String toString() {
    return "NodeId[" + toHex() + "]";
  }
}
