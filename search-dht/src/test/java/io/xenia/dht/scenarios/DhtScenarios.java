package io.xenia.dht.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenia.dht.DhtKey;
import io.xenia.dht.DhtNode;
import io.xenia.dht.DigestResult;
import io.xenia.dht.Entry;
import io.xenia.dht.GetResult;
import io.xenia.dht.NodeId;
import io.xenia.dht.PutResult;
import io.xenia.dht.StoreOutcome;
import io.xenia.protocol.crypto.Ed25519KeyPair;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Behaviour every DHT network must show, whatever carries its messages. Concrete subclasses start
 * the network (simulated, or real UDP processes) — Ratis' {@code RaftBasicTests} pattern.
 */
abstract class DhtScenarios {
  protected DhtHarness net;

  /** Starts a network of about {@code nodes} joined nodes. */
  protected abstract DhtHarness start(int nodes);

  protected int networkSize() {
    return 40;
  }

  @BeforeEach
  void startNetwork() {
    net = start(networkSize());
  }

  @AfterEach
  void stopNetwork() {
    net.close();
  }

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private DhtNode any(int i) {
    return net.node(i % net.size());
  }

  @Test
  void aValuePutByOneNodeIsFoundByEveryOther() {
    DhtKey key = DhtKey.of("scenario", "values", "one");
    PutResult put = net.await(any(3).put(key).value(bytes("v1")).start());
    assertTrue(put.stored() >= Math.min(net.size() - 1, 20) / 2, put.toString());
    for (int i = 0; i < net.size(); i += 7) {
      GetResult got = net.await(any(i).get(key.location(), key.domain()).start());
      assertEquals(1, got.entries().size(), "node " + i);
      assertEquals("v1", new String(got.entries().get(0).value(), StandardCharsets.UTF_8));
    }
  }

  @Test
  void severalValuesShareALocationAndANewerSequenceReplacesAnOlder() {
    NodeId location = DhtKey.hash("bucket");
    NodeId domain = DhtKey.hash("offers");
    DhtNode writer = any(5);
    for (int i = 0; i < 5; i++) {
      net.await(
          writer
              .put(new DhtKey(location, domain, DhtKey.hash("m" + i)))
              .value(bytes("a" + i))
              .sequence(1)
              .start());
    }
    net.await(
        writer
            .put(new DhtKey(location, domain, DhtKey.hash("m2")))
            .value(bytes("b2"))
            .sequence(2)
            .start());
    GetResult got = net.await(any(11).get(location, domain).start());
    Set<String> values =
        got.entries().stream()
            .map(e -> new String(e.value(), StandardCharsets.UTF_8))
            .collect(Collectors.toSet());
    assertEquals(Set.of("a0", "a1", "b2", "a3", "a4"), values);
  }

  @Test
  void onlyTheOwnerKeyCanOverwriteOrRemove() {
    DhtKey key = DhtKey.of("scenario", "owned", "x");
    Ed25519KeyPair owner = Ed25519KeyPair.generate(new SecureRandom());
    Ed25519KeyPair intruder = Ed25519KeyPair.generate(new SecureRandom());
    net.await(any(1).put(key).value(bytes("mine")).sequence(10).signedBy(owner).start());

    PutResult overwrite =
        net.await(any(2).put(key).value(bytes("theirs")).sequence(11).signedBy(intruder).start());
    assertEquals(0, overwrite.stored(), overwrite.toString());
    assertTrue(overwrite.refusals().getOrDefault(StoreOutcome.NOT_OWNER, 0) > 0);

    PutResult removal = net.await(any(2).remove(key).sequence(12).signedBy(intruder).start());
    assertEquals(0, removal.stored(), removal.toString());

    GetResult got = net.await(any(4).get(key.location(), key.domain()).start());
    assertEquals("mine", new String(got.entries().get(0).value(), StandardCharsets.UTF_8));
    long refusedAcrossNetwork =
        java.util.stream.IntStream.range(0, net.size())
            .mapToLong(i -> net.node(i).metrics().refused(StoreOutcome.NOT_OWNER))
            .sum();
    assertTrue(refusedAcrossNetwork >= 2, "refusals are counted by the storing nodes");
  }

  @Test
  void replayedAndForgedWritesAreRefusedAndCounted() {
    DhtKey key = DhtKey.of("scenario", "replay", "x");
    Ed25519KeyPair owner = Ed25519KeyPair.generate(new SecureRandom());
    long expires = net.nowMillis() + 3_600_000L;
    DhtNode writer = any(6);
    Entry v1 = Entry.sign(key, bytes("v1"), 0, 1, expires, owner);
    Entry v2 = Entry.sign(key, bytes("v2"), 0, 2, expires, owner);
    assertTrue(net.await(writer.store(v1)).isSuccess());
    assertTrue(net.await(writer.store(v2)).isSuccess());

    PutResult replay = net.await(writer.store(v1));
    assertEquals(0, replay.stored(), replay.toString());
    assertTrue(replay.refusals().getOrDefault(StoreOutcome.STALE, 0) > 0);

    byte[] signature = v2.signature();
    signature[5] ^= 1;
    Entry forged =
        Entry.fromWire(
            key, bytes("evil"), 0, owner.publicKey(), 3, v2.expiresAtMillis(), false, signature);
    PutResult forgery = net.await(writer.store(forged));
    assertEquals(0, forgery.stored(), forgery.toString());
    assertTrue(forgery.refusals().getOrDefault(StoreOutcome.FORGED, 0) > 0);

    GetResult got = net.await(any(9).get(key.location(), key.domain()).start());
    assertEquals("v2", new String(got.entries().get(0).value(), StandardCharsets.UTF_8));
    long forgeries =
        java.util.stream.IntStream.range(0, net.size())
            .mapToLong(i -> net.node(i).metrics().refused(StoreOutcome.FORGED))
            .sum();
    assertTrue(forgeries > 0, "forgeries are counted by the storing nodes");
  }

  @Test
  void aRemovedValueIsGoneAndItsReplayIsRefused() {
    DhtKey key = DhtKey.of("scenario", "removal", "x");
    DhtNode owner = any(4);
    PutResult put = net.await(owner.put(key).value(bytes("soon gone")).start());
    PutResult removed = net.await(owner.remove(key).start());
    assertTrue(removed.isSuccess(), removed.toString());
    GetResult got = net.await(any(13).get(key.location(), key.domain()).start());
    assertTrue(got.entries().isEmpty(), got.toString());
    PutResult again =
        net.await(owner.put(key).value(bytes("soon gone")).sequence(put.sequence()).start());
    assertEquals(0, again.stored(), "the old sequence number cannot come back after a removal");
  }

  @Test
  void digestsSummariseWithoutShippingValuesUnlessFew() {
    NodeId location = DhtKey.hash("digest-bucket");
    NodeId domain = DhtKey.hash("offers");
    DhtNode writer = any(8);
    for (int i = 1; i <= 6; i++) {
      net.await(
          writer
              .put(new DhtKey(location, domain, DhtKey.hash("h" + i)))
              .value(bytes("v" + i))
              .sortKey(i * 100L)
              .start());
    }
    DigestResult summary = net.await(any(17).get(location, domain).startDigest(2));
    assertEquals(6, summary.digest().count());
    assertEquals(100, summary.digest().minSortKey());
    assertEquals(600, summary.digest().maxSortKey());
    assertTrue(summary.digest().contentKeys().mightContain(DhtKey.hash("h3")));
    assertFalse(summary.complete());
    assertTrue(summary.source().isPresent());

    DigestResult inlined = net.await(any(17).get(location, domain).startDigest(10));
    assertTrue(inlined.complete());
    assertEquals(6, inlined.inlined().size());

    GetResult direct = net.await(any(17).getFrom(summary.source().orElseThrow(), location, domain));
    assertEquals(6, direct.entries().size());
    assertEquals(1, direct.stats().rounds());
  }

  @Test
  void valuesSurviveTheLossOfAQuarterOfTheNodes() {
    List<DhtKey> keys =
        java.util.stream.IntStream.range(0, 20)
            .mapToObj(i -> DhtKey.of("survive-" + i, "d", "c"))
            .toList();
    for (DhtKey key : keys) {
      net.await(any(keys.indexOf(key) + 1).put(key).value(bytes("x")).start());
    }
    int killed = 0;
    for (int i = net.size() - 1; killed < net.size() / 4; i--) {
      net.kill(i);
      killed++;
    }
    for (DhtKey key : keys) {
      GetResult got = net.await(any(2).get(key.location(), key.domain()).start());
      assertEquals(1, got.entries().size(), key.toString());
    }
  }
}
