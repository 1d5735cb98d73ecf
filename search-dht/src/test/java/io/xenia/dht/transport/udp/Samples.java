package io.xenia.dht.transport.udp;

import io.xenia.dht.BloomFilter;
import io.xenia.dht.DhtKey;
import io.xenia.dht.Digest;
import io.xenia.dht.Entry;
import io.xenia.dht.NodeId;
import io.xenia.dht.PeerAddress;
import io.xenia.dht.StoreOutcome;
import io.xenia.dht.wire.Digests;
import io.xenia.dht.wire.FindDigests;
import io.xenia.dht.wire.FindNode;
import io.xenia.dht.wire.FindValue;
import io.xenia.dht.wire.Message;
import io.xenia.dht.wire.Nodes;
import io.xenia.dht.wire.Ping;
import io.xenia.dht.wire.Pong;
import io.xenia.dht.wire.Store;
import io.xenia.dht.wire.StoreResult;
import io.xenia.dht.wire.Values;
import io.xenia.protocol.crypto.Ed25519KeyPair;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/** One sample of every message type, and builders of large ones. */
final class Samples {
  static final Ed25519KeyPair OWNER = Peers.key();
  private static final Random RANDOM = new Random(42);

  private Samples() {}

  static NodeId id() {
    return NodeId.random(RANDOM);
  }

  static PeerAddress peer(int i) {
    byte[] v6 = new byte[16];
    v6[15] = (byte) i;
    InetSocketAddress address =
        i % 2 == 0
            ? new InetSocketAddress("10.0.0." + (i % 250 + 1), 4000 + i)
            : new InetSocketAddress(toInet(v6), 5000 + i);
    return new PeerAddress(id(), address);
  }

  private static java.net.InetAddress toInet(byte[] raw) {
    try {
      return java.net.InetAddress.getByAddress(raw);
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  static Entry entry(int valueBytes) {
    byte[] value = new byte[valueBytes];
    Arrays.fill(value, (byte) 'v');
    return Entry.sign(new DhtKey(id(), id(), id()), value, -5, 3, 1_900_000_000_000L, OWNER);
  }

  static List<Entry> entries(int count, int valueBytes) {
    List<Entry> list = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      list.add(entry(valueBytes));
    }
    return list;
  }

  static List<PeerAddress> peers(int count) {
    List<PeerAddress> list = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      list.add(peer(i));
    }
    return list;
  }

  static Digest digest() {
    BloomFilter bloom = BloomFilter.empty();
    bloom.add(id());
    return new Digest(3, -10, 99, bloom, 0x0123_4567_89ab_cdefL);
  }

  static List<Message> everyType() {
    return List.of(
        new Ping(1),
        new FindNode(-2, id()),
        new FindValue(3, id(), id(), Optional.of(id()), true, 16),
        new FindValue(4, id(), id(), Optional.empty(), false, 0),
        new Store(
            5, List.of(entry(10), Entry.signTombstone(new DhtKey(id(), id(), id()), 9, 7, OWNER))),
        new Pong(Long.MAX_VALUE, Peers.HERE),
        new Nodes(7, Peers.HERE, peers(3)),
        new Values(8, Peers.HERE, true, entries(2, 100), Optional.of(digest()), peers(2)),
        new Values(9, Peers.HERE, false, List.of(), Optional.empty(), List.of()),
        new StoreResult(10, Peers.HERE, Arrays.asList(StoreOutcome.values())),
        new FindDigests(11, List.of(id(), id(), id()), id()),
        new Digests(12, Peers.HERE, List.of(Optional.of(digest()), Optional.empty())));
  }
}
