package io.xenia.dht.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenia.dht.DhtConfig;
import io.xenia.dht.DhtKey;
import io.xenia.dht.DhtNode;
import io.xenia.dht.DigestResult;
import io.xenia.dht.GetResult;
import io.xenia.dht.NodeId;
import io.xenia.dht.transport.sim.SimCluster;
import io.xenia.dht.transport.sim.SimNetwork;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Reads while a write has reached only some holders (here: a lossy network during the write). Value
 * and digest lookups merge the first two holders, so a reader misses the new entry only if both
 * lack it: the share of readers that see it must beat the share of holders that have it, which is
 * what a reader trusting the first holder alone would get.
 */
class PartialReplicationTest {
  private static final DhtKey FIRST = DhtKey.of("bucket", "index", "a");
  private static final DhtKey SECOND = DhtKey.of("bucket", "index", "b");

  /**
   * Stores FIRST fully, then SECOND at the same location through a network losing {@code loss} of
   * its messages; returns the location's 20 closest nodes, closest first.
   */
  private static List<DhtNode> writePartly(SimCluster cluster, double loss) {
    SimNetwork net = cluster.network();
    net.await(cluster.node(1).put(FIRST).value(new byte[] {1}).republish(false).start());
    net.lossRate(loss);
    net.await(cluster.node(2).put(SECOND).value(new byte[] {2}).republish(false).start());
    net.lossRate(0);
    NodeId location = FIRST.location();
    return cluster.nodes().stream()
        .sorted((a, b) -> location.compareDistances(a.id(), b.id()))
        .limit(20)
        .toList();
  }

  @Test
  void readersSeeAPartlyReplicatedEntryMoreOftenThanTheHoldersHaveIt() {
    SimCluster cluster = new SimCluster(4242, DhtConfig.defaults()).grow(80);
    SimNetwork net = cluster.network();
    List<DhtNode> holders = writePartly(cluster, 0.6);
    NodeId location = FIRST.location();
    int holdersWithIt = 0;
    for (DhtNode h : holders) {
      GetResult own = net.await(cluster.node(0).getFrom(h.peerAddress(), location, FIRST.domain()));
      holdersWithIt += own.entries().size() == 2 || h == cluster.node(0) ? 1 : 0;
    }
    double holderShare = holdersWithIt / 20.0;
    assertTrue(holderShare > 0.1 && holderShare < 0.9, "a partial write: " + holdersWithIt + "/20");

    int sawValue = 0;
    int sawDigest = 0;
    int readers = 0;
    for (DhtNode reader : cluster.nodes()) {
      if (holders.contains(reader)) {
        continue; // a holder also merges its own copy; count only outside readers
      }
      readers++;
      GetResult got = net.await(reader.get(location, FIRST.domain()).start());
      sawValue += got.entries().size() == 2 ? 1 : 0;
      DigestResult digest = net.await(reader.get(location, FIRST.domain()).startDigest(8));
      sawDigest += digest.digest().count() == 2 ? 1 : 0;
    }
    double valueShare = sawValue / (double) readers;
    double digestShare = sawDigest / (double) readers;
    assertTrue(
        valueShare > holderShare && digestShare > holderShare,
        "holders "
            + holderShare
            + ", readers saw it: values "
            + valueShare
            + ", digests "
            + digestShare);
  }

  /**
   * A holder reading nearby compares its own copy's digest with the closest other holder's and
   * fetches entries only when they differ: it must still see a partly replicated entry whenever
   * either copy has it, and never lose one it holds.
   */
  @Test
  void aNearbyReaderSeesWhatEitherCopyHasAndSkipsTheFetchWhenTheyAgree() {
    SimCluster cluster = new SimCluster(4343, DhtConfig.defaults()).grow(80);
    SimNetwork net = cluster.network();
    List<DhtNode> holders = writePartly(cluster, 0.35);
    NodeId location = FIRST.location();

    int completedByTheNearest = 0;
    for (DhtNode reader : holders) {
      DhtNode nearest = holders.get(holders.get(0) == reader ? 1 : 0);
      boolean ownHasIt =
          hasBoth(net.await(reader.getFrom(reader.peerAddress(), location, FIRST.domain())));
      boolean nearestHasIt =
          hasBoth(net.await(reader.getFrom(nearest.peerAddress(), location, FIRST.domain())));
      GetResult got = net.await(reader.get(location, FIRST.domain()).nearby().start());
      assertEquals(ownHasIt || nearestHasIt, hasBoth(got), "reader " + reader.id());
      completedByTheNearest += !ownHasIt && nearestHasIt ? 1 : 0;
    }
    assertTrue(completedByTheNearest > 0, "some holders lack the entry their nearest holder has");
  }

  /**
   * Holders that answered neither store attempt of a lossy write, or that the write's lookup did
   * not reach, are sent the entry again in the background once the network is back: within a few
   * seconds every holder has it, not only at the next republish an hour later. In a network of 16
   * nodes every node holds every location and knows every other, as in the UDP burst test.
   */
  @Test
  void holdersMissedDuringALossyWriteAreCaughtUpWithinSeconds() {
    SimCluster cluster = new SimCluster(4444, DhtConfig.defaults()).grow(16);
    SimNetwork net = cluster.network();
    net.await(cluster.node(1).put(FIRST).value(new byte[] {1}).republish(false).start());
    net.lossRate(0.5);
    net.await(cluster.node(2).put(SECOND).value(new byte[] {2}).republish(false).start());
    net.lossRate(0);
    int before = holdersWithIt(cluster, cluster.nodes());
    net.runFor(java.time.Duration.ofSeconds(3));
    int after = holdersWithIt(cluster, cluster.nodes());
    assertTrue(before < 14, "a partial write: " + before + "/16");
    assertEquals(16, after, "caught up: " + before + "/16 before");
  }

  private static int holdersWithIt(SimCluster cluster, List<DhtNode> holders) {
    int with = 0;
    for (DhtNode h : holders) {
      GetResult own =
          cluster
              .network()
              .await(cluster.node(0).getFrom(h.peerAddress(), FIRST.location(), FIRST.domain()));
      with += hasBoth(own) || h == cluster.node(0) ? 1 : 0;
    }
    return with;
  }

  private static boolean hasBoth(GetResult result) {
    return result.entries().size() == 2;
  }
}
