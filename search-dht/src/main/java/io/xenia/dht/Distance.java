package io.xenia.dht;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * The Kademlia XOR distance between two {@link NodeId}s: a 256-bit unsigned integer.
 *
 * <p>A value: immutable, thread-safe, ordered as an unsigned big-endian integer, so that "closer"
 * means "smaller". Obtained from {@link NodeId#distanceTo} or {@link #between}.
 */
public final class Distance implements Comparable<Distance> {
  private static final HexFormat HEX = HexFormat.of();

  private final byte[] xor;

  private Distance(byte[] xor) {
    this.xor = xor;
  }

  /** Takes ownership of the array: callers in this package pass a fresh one. */
  static Distance ofXor(byte[] xor) {
    return new Distance(xor);
  }

  /** The distance between two ids; symmetric. */
  public static Distance between(NodeId a, NodeId b) {
    requireNonNull(a, "a is null");
    return a.distanceTo(b);
  }

  /**
   * The index of the highest set bit of the distance, counting from the least significant bit: 255
   * when the ids differ in their first bit, 0 when they differ only in the last, and -1 when they
   * are equal. Two ids at bucket index i share exactly the top {@code 255 - i} bits, which is why
   * this number names the k-bucket a contact belongs in.
   */
  public int bucketIndex() {
    for (int i = 0; i < xor.length; i++) {
      int b = xor[i] & 0xff;
      if (b != 0) {
        int highestBitInByte = 31 - Integer.numberOfLeadingZeros(b);
        return (xor.length - 1 - i) * 8 + highestBitInByte;
      }
    }
    return -1;
  }

  /** True for the distance between an id and itself. */
  public boolean isZero() {
    return bucketIndex() < 0;
  }

  /** A copy of the 32 bytes of the XOR, big-endian. */
  public byte[] bytes() {
    return xor.clone();
  }

  /** Unsigned big-endian comparison: a negative result means this distance is the closer. */
  @Override
  public int compareTo(Distance other) {
    return Arrays.compareUnsigned(xor, other.xor);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Distance other && Arrays.equals(xor, other.xor);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(xor);
  }

  /** {@code Distance[<hex>]}. */
  @Override
  public String toString() {
    return "Distance[" + HEX.formatHex(xor) + "]";
  }
}
