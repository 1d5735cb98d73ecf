package io.xenia.dht.scenarios;

import io.xenia.dht.DhtConfig;
import io.xenia.dht.DhtNode;
import io.xenia.dht.security.MembershipPolicy;
import io.xenia.dht.security.NodeIdentity;
import io.xenia.dht.server.UdpDhtNode;
import io.xenia.protocol.crypto.Ed25519KeyPair;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The scenarios over real UDP sockets on 127.0.0.1: every node has its own event-loop thread and
 * authenticated sessions with its peers (open membership; certificates are tested in the
 * transport's SecurityTest and in the multi-process test).
 */
class UdpDhtScenariosTest extends DhtScenarios {
  @Override
  protected int networkSize() {
    return 24;
  }

  @Override
  protected DhtHarness start(int count) {
    DhtConfig config = DhtConfig.defaults().withRpcTimeoutMillis(300);
    SecureRandom random = new SecureRandom();
    List<UdpDhtNode> nodes = new ArrayList<>();
    List<Boolean> alive = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      UdpDhtNode node =
          UdpDhtNode.start(
              config,
              NodeIdentity.uncertified(Ed25519KeyPair.generate(random)),
              MembershipPolicy.open(),
              new InetSocketAddress("127.0.0.1", 0));
      nodes.add(node);
      alive.add(true);
      if (i > 0) {
        await(node.join(List.of(nodes.get(0).address())));
      }
    }
    return new DhtHarness() {
      @Override
      public DhtNode node(int index) {
        return nodes.get(index).node();
      }

      @Override
      public int size() {
        return nodes.size();
      }

      @Override
      public <T> T await(CompletableFuture<T> future) {
        return UdpDhtScenariosTest.await(future);
      }

      @Override
      public long nowMillis() {
        return System.currentTimeMillis();
      }

      @Override
      public void kill(int index) {
        nodes.get(index).close();
        alive.set(index, false);
      }

      @Override
      public void close() {
        for (int i = 0; i < nodes.size(); i++) {
          if (alive.get(i)) {
            nodes.get(i).close();
          }
        }
      }
    };
  }

  static <T> T await(CompletableFuture<T> future) {
    try {
      return future.get(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("DHT call did not complete", e);
    }
  }
}
