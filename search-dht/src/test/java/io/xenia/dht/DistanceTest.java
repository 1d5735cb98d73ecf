package io.xenia.dht;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DistanceTest {
  private static BigInteger xor(NodeId a, NodeId b) {
    return new BigInteger(1, a.bytes()).xor(new BigInteger(1, b.bytes()));
  }

  @Test
  void equalIdsHaveZeroDistanceAndBucketMinusOne() {
    NodeId id = NodeId.random(new Random(3));
    Distance d = id.distanceTo(id);
    assertTrue(d.isZero());
    assertEquals(-1, d.bucketIndex());
  }

  @Test
  void bucketIndexIsTheHighestDifferingBit() {
    NodeId zero = NodeId.fromHex("00".repeat(32));
    assertEquals(255, zero.distanceTo(NodeId.fromHex("80" + "00".repeat(31))).bucketIndex());
    assertEquals(0, zero.distanceTo(NodeId.fromHex("00".repeat(31) + "01")).bucketIndex());
    assertEquals(8, zero.distanceTo(NodeId.fromHex("00".repeat(30) + "01ff")).bucketIndex());
    for (int bit = 0; bit < NodeId.BITS; bit++) {
      byte[] bytes = new byte[32];
      bytes[31 - bit / 8] = (byte) (1 << (bit % 8));
      assertEquals(bit, zero.distanceTo(NodeId.fromBytes(bytes)).bucketIndex());
    }
  }

  @Test
  void matchesABigIntegerOracle() {
    Random random = new Random(4);
    for (int i = 0; i < 2000; i++) {
      NodeId a = NodeId.random(random);
      NodeId b = NodeId.random(random);
      NodeId c = NodeId.random(random);
      Distance ab = Distance.between(a, b);
      assertEquals(ab, b.distanceTo(a));
      assertEquals(xor(a, b).bitLength() - 1, ab.bucketIndex());
      assertEquals(xor(a, b), new BigInteger(1, ab.bytes()));
      int expected = xor(a, b).compareTo(xor(a, c));
      assertEquals(Integer.signum(expected), Integer.signum(ab.compareTo(a.distanceTo(c))));
    }
  }
}
