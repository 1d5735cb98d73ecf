package io.xenia.dht;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenia.protocol.crypto.Ed25519PublicKey;
import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NodeIdTest {
  // RFC 8032 section 7.1, test 1 public key.
  private static final String RFC8032_KEY =
      "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";

  // Computed independently: python3 -c "import hashlib;
  // print(hashlib.sha256(bytes.fromhex(RFC8032_KEY)).hexdigest())"
  private static final String SHA256_OF_KEY =
      "21fe31dfa154a261626bf854046fd2271b7bed4b6abe45aa58877ef47f9721b9";

  @Test
  void idOfKeyIsSha256OfItsRawBytes() {
    Ed25519PublicKey key = Ed25519PublicKey.fromHex(RFC8032_KEY);
    NodeId id = NodeId.of(key);
    assertEquals(SHA256_OF_KEY, id.toHex());
    assertEquals(key.fingerprint(), id.toHex());
  }

  @Test
  void hexRoundTripsForRandomIds() {
    Random random = new Random(1);
    for (int i = 0; i < 1000; i++) {
      NodeId id = NodeId.random(random);
      assertEquals(id, NodeId.fromHex(id.toHex()));
      assertEquals(id, NodeId.fromHex(id.toHex().toUpperCase()));
      assertEquals(64, id.toHex().length());
    }
  }

  @Test
  void rejectsWrongLengthsAndBadHex() {
    assertThrows(IllegalArgumentException.class, () -> NodeId.fromBytes(new byte[31]));
    assertThrows(IllegalArgumentException.class, () -> NodeId.fromBytes(new byte[33]));
    assertThrows(IllegalArgumentException.class, () -> NodeId.fromHex("00"));
    assertThrows(IllegalArgumentException.class, () -> NodeId.fromHex("zz".repeat(32)));
    assertThrows(NullPointerException.class, () -> NodeId.fromBytes(null));
  }

  @Test
  void copiesArraysInAndOut() {
    byte[] bytes = new byte[32];
    NodeId id = NodeId.fromBytes(bytes);
    bytes[0] = 1;
    assertEquals(0, id.bytes()[0]);
    id.bytes()[1] = 1;
    assertEquals(0, id.bytes()[1]);
    assertArrayEquals(new byte[32], id.bytes());
  }

  @Test
  void randomIsReproducibleForASeed() {
    assertEquals(NodeId.random(new Random(42)), NodeId.random(new Random(42)));
    Random random = new Random(42);
    assertNotEquals(NodeId.random(random), NodeId.random(random));
  }

  @Test
  void ordersAsUnsigned256BitIntegers() {
    Random random = new Random(2);
    for (int i = 0; i < 1000; i++) {
      NodeId a = NodeId.random(random);
      NodeId b = NodeId.random(random);
      int expected = new BigInteger(1, a.bytes()).compareTo(new BigInteger(1, b.bytes()));
      assertEquals(Integer.signum(expected), Integer.signum(a.compareTo(b)));
    }
    NodeId high = NodeId.fromHex("80" + "00".repeat(31));
    NodeId low = NodeId.fromHex("7f" + "ff".repeat(31));
    assertTrue(high.compareTo(low) > 0);
  }

  @Test
  void equalityAndHashFollowTheBytes() {
    NodeId a = NodeId.fromHex(SHA256_OF_KEY);
    NodeId b = NodeId.fromHex(SHA256_OF_KEY.toUpperCase());
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
    assertEquals(0, a.compareTo(b));
    assertEquals("NodeId[" + SHA256_OF_KEY + "]", a.toString());
  }
}
