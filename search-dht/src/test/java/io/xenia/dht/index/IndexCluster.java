package io.xenia.dht.index;

import io.xenia.dht.DhtConfig;
import io.xenia.dht.DhtNode;
import io.xenia.dht.transport.sim.SimCluster;
import io.xenia.dht.transport.sim.SimNetwork;
import io.xenia.dht.vivaldi.Coordinate;
import io.xenia.protocol.crypto.Ed25519KeyPair;
import io.xenia.protocol.records.Advertisement;
import io.xenia.protocol.signing.SignedEnvelope;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A simulated DHT with a search index on every node (each node is a host publishing under its own
 * key) and the oracle: the newest live ad per machine and the coordinate each host last published.
 */
final class IndexCluster {
  final SimCluster cluster;
  final SimNetwork net;
  private final Map<Integer, SearchIndex> indexes = new HashMap<>();

  /** Machine key → newest published (not withdrawn) ad and its host's coordinate then. */
  final Map<String, Advertisement> live = new LinkedHashMap<>();

  final Map<String, Coordinate> adCoordinate = new HashMap<>();
  final Map<String, Coordinate> hostCoordinate = new HashMap<>();
  final Map<String, Integer> hostNode = new HashMap<>();

  IndexCluster(long seed, int nodes) {
    cluster = new SimCluster(seed, DhtConfig.defaults()).grow(nodes);
    net = cluster.network();
  }

  SearchIndex index(int node) {
    return indexes.computeIfAbsent(
        node, i -> SearchIndex.create(cluster.node(i), Ads.EUR, net.clock()));
  }

  DhtNode node(int i) {
    return cluster.node(i);
  }

  Ed25519KeyPair hostKey(int node) {
    return cluster.node(node).key();
  }

  Instant now() {
    return net.clock().instant();
  }

  <T> T await(CompletableFuture<T> f) {
    return net.await(f);
  }

  /** Publishes from the host's own node and records it in the oracle. */
  PublishResult publish(int node, Advertisement ad) {
    Ed25519KeyPair key = hostKey(node);
    Coordinate c = cluster.node(node).coordinate();
    PublishResult r =
        await(index(node).publish(SignedEnvelope.sign(Advertisement.TYPE, ad, key), key));
    String machineKey = ad.hostId() + "/" + ad.machineId();
    live.put(machineKey, ad);
    adCoordinate.put(machineKey, c);
    hostCoordinate.put(ad.hostId(), c);
    hostNode.put(machineKey, node);
    return r;
  }

  PublishResult withdraw(String machineKey) {
    int node = hostNode.get(machineKey);
    Advertisement ad = live.remove(machineKey);
    return await(index(node).withdraw(ad.machineId(), hostKey(node)));
  }
}
