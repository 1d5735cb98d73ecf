package io.xenia.dht.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenia.dht.NodeId;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RoutingTableTest {
  private static final InetSocketAddress ADDRESS =
      InetSocketAddress.createUnresolved("node.test", 4000);

  private static Contact contact(NodeId id, long nanos) {
    return new Contact(id, ADDRESS, nanos);
  }

  private static BigInteger value(NodeId id) {
    return new BigInteger(1, id.bytes());
  }

  private static NodeId id(BigInteger value) {
    byte[] raw = value.toByteArray();
    byte[] bytes = new byte[NodeId.LENGTH];
    // toByteArray may carry a leading sign byte or be shorter than 32 bytes.
    int copy = Math.min(raw.length, NodeId.LENGTH);
    System.arraycopy(raw, raw.length - copy, bytes, NodeId.LENGTH - copy, copy);
    return NodeId.fromBytes(bytes);
  }

  /** A random id whose distance from {@code local} has the given bucket index. */
  private static NodeId idInBucket(NodeId local, int index, Random random) {
    BigInteger low = new BigInteger(index, random);
    return id(value(local).xor(BigInteger.ONE.shiftLeft(index).or(low)));
  }

  /** The oracle: every contact sorted by BigInteger XOR distance to the target. */
  private static List<NodeId> bruteForceClosest(List<NodeId> ids, NodeId target, int n) {
    BigInteger t = value(target);
    return ids.stream().sorted(Comparator.comparing(id -> value(id).xor(t))).limit(n).toList();
  }

  private static List<NodeId> ids(List<Contact> contacts) {
    return contacts.stream().map(Contact::id).toList();
  }

  @Test
  void closestMatchesBruteForceWhenNoBucketIsFull() {
    Random random = new Random(10);
    for (int round = 0; round < 5; round++) {
      NodeId local = NodeId.random(random);
      // k large enough that no bucket fills, so every observed contact is kept.
      RoutingTable table = new RoutingTable(local, 10_000, 0);
      List<NodeId> known = new ArrayList<>();
      for (int i = 0; i < 600; i++) {
        // Mix uniform ids (mostly the far buckets) with ids in every bucket near the local id.
        NodeId id =
            random.nextBoolean()
                ? NodeId.random(random)
                : idInBucket(local, random.nextInt(NodeId.BITS), random);
        // The nearest buckets hold only one or two possible ids, so repeats happen: a known id is
        // refreshed, not added again.
        Observation result = table.observe(contact(id, i));
        if (known.contains(id)) {
          assertInstanceOf(Observation.Refreshed.class, result);
        } else {
          assertInstanceOf(Observation.Added.class, result);
          known.add(id);
        }
      }
      assertEquals(known.size(), table.size());
      for (int t = 0; t < 200; t++) {
        NodeId target =
            t % 2 == 0 ? NodeId.random(random) : known.get(random.nextInt(known.size()));
        int n = 1 + random.nextInt(40);
        assertEquals(bruteForceClosest(known, target, n), ids(table.closest(target, n)));
      }
      assertEquals(bruteForceClosest(known, local, 20), ids(table.closest(local, 20)));
      assertEquals(known.size(), table.closest(local, 10_000).size());
    }
  }

  @Test
  void closestMatchesBruteForceOverTheContactsAKBucketTableKept() {
    Random random = new Random(11);
    NodeId local = NodeId.random(random);
    RoutingTable table = new RoutingTable(local, 0);
    List<NodeId> kept = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      NodeId id =
          random.nextBoolean()
              ? NodeId.random(random)
              : idInBucket(local, random.nextInt(NodeId.BITS), random);
      if (table.observe(contact(id, i)) instanceof Observation.Added) {
        kept.add(id);
      }
    }
    assertEquals(kept.size(), table.size());
    for (int t = 0; t < 300; t++) {
      NodeId target = NodeId.random(random);
      assertEquals(bruteForceClosest(kept, target, 20), ids(table.closest(target, 20)));
    }
  }

  @Test
  void placesEachContactInTheBucketOfItsHighestDifferingBit() {
    Random random = new Random(12);
    NodeId local = NodeId.random(random);
    RoutingTable table = new RoutingTable(local, 10_000, 0);
    for (int i = 0; i < 1000; i++) {
      NodeId id =
          i % 2 == 0 ? NodeId.random(random) : idInBucket(local, random.nextInt(256), random);
      table.observe(contact(id, i));
      int expected = value(local).xor(value(id)).bitLength() - 1;
      assertEquals(expected, table.bucketIndexOf(id));
      assertTrue(ids(table.bucket(expected)).contains(id));
    }
    int total = 0;
    for (int b = 0; b < NodeId.BITS; b++) {
      for (Contact c : table.bucket(b)) {
        assertEquals(b, table.bucketIndexOf(c.id()));
      }
      total += table.bucket(b).size();
    }
    assertEquals(table.size(), total);
  }

  @Test
  void neverAddsTheLocalId() {
    NodeId local = NodeId.random(new Random(13));
    RoutingTable table = new RoutingTable(local, 0);
    assertInstanceOf(Observation.IgnoredSelf.class, table.observe(contact(local, 1)));
    assertEquals(0, table.size());
    assertTrue(table.closest(local, 20).isEmpty());
    assertTrue(table.get(local).isEmpty());
    assertTrue(table.remove(local).isEmpty());
  }

  @Test
  void fullBucketReportsHeadRefreshMovesToTailAndEvictReplaces() {
    Random random = new Random(14);
    NodeId local = NodeId.random(random);
    int k = 4;
    RoutingTable table = new RoutingTable(local, k, 0);
    List<NodeId> filled = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      NodeId id = idInBucket(local, 200, random);
      assertInstanceOf(Observation.Added.class, table.observe(contact(id, i)));
      filled.add(id);
    }
    assertEquals(filled, ids(table.bucket(200)));

    NodeId newcomer = idInBucket(local, 200, random);
    Observation full = table.observe(contact(newcomer, 10));
    Observation.BucketFull bucketFull = assertInstanceOf(Observation.BucketFull.class, full);
    assertEquals(filled.get(0), bucketFull.head().id());
    assertEquals(newcomer, bucketFull.candidate().id());
    assertEquals(filled, ids(table.bucket(200)), "a full bucket is left unchanged");
    assertEquals(k, table.size());

    // The head answered the ping: it moves to the tail and the next oldest becomes the head.
    InetSocketAddress moved = InetSocketAddress.createUnresolved("moved.test", 4001);
    Observation refreshed = table.observe(new Contact(filled.get(0), moved, 11));
    assertInstanceOf(Observation.Refreshed.class, refreshed);
    assertEquals(
        List.of(filled.get(1), filled.get(2), filled.get(3), filled.get(0)),
        ids(table.bucket(200)));
    assertEquals(moved, table.get(filled.get(0)).orElseThrow().address());
    assertEquals(11, table.get(filled.get(0)).orElseThrow().lastSeenNanos());
    assertEquals(k, table.size());

    // The next head does not answer: the newcomer replaces it at the tail.
    Observation.BucketFull again =
        assertInstanceOf(Observation.BucketFull.class, table.observe(contact(newcomer, 12)));
    assertEquals(filled.get(1), again.head().id());
    assertTrue(table.evict(again.head().id(), again.candidate()));
    assertEquals(
        List.of(filled.get(2), filled.get(3), filled.get(0), newcomer), ids(table.bucket(200)));
    assertEquals(k, table.size());
    assertTrue(table.get(filled.get(1)).isEmpty());
  }

  @Test
  void evictRefusesIdsFromDifferentBuckets() {
    Random random = new Random(15);
    NodeId local = NodeId.random(random);
    RoutingTable table = new RoutingTable(local, 0);
    NodeId a = idInBucket(local, 100, random);
    NodeId b = idInBucket(local, 101, random);
    assertThrows(IllegalArgumentException.class, () -> table.evict(a, contact(b, 0)));
    assertThrows(IllegalArgumentException.class, () -> table.evict(local, contact(local, 0)));
  }

  @Test
  void evictOfAnAlreadyRemovedHeadStillAddsTheReplacement() {
    Random random = new Random(16);
    NodeId local = NodeId.random(random);
    RoutingTable table = new RoutingTable(local, 1, 0);
    NodeId head = idInBucket(local, 50, random);
    NodeId newcomer = idInBucket(local, 50, random);
    table.observe(contact(head, 0));
    table.remove(head);
    assertTrue(table.evict(head, contact(newcomer, 1)));
    assertEquals(List.of(newcomer), ids(table.bucket(50)));
  }

  @Test
  void removeDropsTheContact() {
    Random random = new Random(17);
    NodeId local = NodeId.random(random);
    RoutingTable table = new RoutingTable(local, 0);
    NodeId id = NodeId.random(random);
    table.observe(contact(id, 5));
    assertEquals(1, table.size());
    assertEquals(id, table.remove(id).orElseThrow().id());
    assertEquals(0, table.size());
    assertTrue(table.remove(id).isEmpty());
    assertFalse(ids(table.closest(id, 20)).contains(id));
  }

  @Test
  void bucketsNeedingRefreshAreTheNonEmptyOnesIdleForTheInterval() {
    Random random = new Random(18);
    NodeId local = NodeId.random(random);
    RoutingTable table = new RoutingTable(local, 0);
    long hour = 3_600_000_000_000L;
    table.observe(contact(idInBucket(local, 10, random), 100));
    table.observe(contact(idInBucket(local, 20, random), 200));
    table.observe(contact(idInBucket(local, 30, random), 300));
    assertEquals(List.of(), table.bucketsNeedingRefresh(100 + hour - 1, hour));
    assertEquals(List.of(10), table.bucketsNeedingRefresh(100 + hour, hour));
    table.recordLookup(10, 250);
    assertEquals(List.of(20), table.bucketsNeedingRefresh(250 + hour - 1, hour));
    assertEquals(List.of(10, 20, 30), table.bucketsNeedingRefresh(300 + hour, hour));
  }

  @Test
  void refreshTimesSurviveNanoTimeWrapAround() {
    Random random = new Random(19);
    NodeId local = NodeId.random(random);
    long start = Long.MAX_VALUE - 10;
    RoutingTable table = new RoutingTable(local, start);
    table.observe(contact(idInBucket(local, 5, random), start));
    assertEquals(List.of(), table.bucketsNeedingRefresh(start + 15, 100));
    assertEquals(List.of(5), table.bucketsNeedingRefresh(start + 100, 100));
  }

  @Test
  void rejectsBadArguments() {
    NodeId local = NodeId.random(new Random(20));
    assertThrows(IllegalArgumentException.class, () -> new RoutingTable(local, 0, 0));
    RoutingTable table = new RoutingTable(local, 0);
    assertEquals(RoutingTable.DEFAULT_K, table.k());
    assertThrows(IllegalArgumentException.class, () -> table.closest(local, -1));
    assertThrows(IndexOutOfBoundsException.class, () -> table.bucket(256));
    assertThrows(IndexOutOfBoundsException.class, () -> table.recordLookup(-1, 0));
  }
}
