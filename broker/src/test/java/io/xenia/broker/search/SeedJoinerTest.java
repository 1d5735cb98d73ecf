package io.xenia.broker.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micronaut.health.HealthStatus;
import io.xenia.dht.DhtConfig;
import io.xenia.dht.security.MembershipPolicy;
import io.xenia.dht.security.MembershipRole;
import io.xenia.dht.security.NodeIdentity;
import io.xenia.dht.server.UdpDhtNode;
import io.xenia.protocol.crypto.Ed25519KeyPair;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The joiner on real sockets, without a broker: it retries with growing waits while its seed is
 * down, logs once per backoff step, and joins once the seed comes up; health follows.
 */
class SeedJoinerTest {
  private final SecureRandom random = new SecureRandom();
  private final Clock clock = Clock.systemUTC();
  private final Ed25519KeyPair ca = Ed25519KeyPair.generate(random);
  private final MembershipIssuer issuer =
      new MembershipIssuer(ca, Duration.ofDays(1), clock, random);
  private final List<AutoCloseable> started = new ArrayList<>();
  private final ListAppender<ILoggingEvent> log = new ListAppender<>();
  private final Logger joinerLog = (Logger) LoggerFactory.getLogger(SeedJoiner.class);

  @AfterEach
  void stop() throws Exception {
    joinerLog.detachAppender(log);
    for (int i = started.size() - 1; i >= 0; i--) {
      started.get(i).close();
    }
  }

  private UdpDhtNode node(InetSocketAddress bind) {
    Ed25519KeyPair key = Ed25519KeyPair.generate(random);
    UdpDhtNode node =
        UdpDhtNode.start(
            DhtConfig.defaults().withRpcTimeoutMillis(100),
            NodeIdentity.certified(
                key, issuer.issue(key.publicKey(), MembershipRole.SEARCH_NODE, "n")),
            MembershipPolicy.requireCertificate(ca.publicKey(), clock),
            bind);
    started.add(node);
    return node;
  }

  @Test
  void retriesWithGrowingWaitsLoggingOncePerStepThenJoinsWhenTheSeedComesUp() throws Exception {
    int port;
    try (DatagramSocket probe = new DatagramSocket(0)) {
      port = probe.getLocalPort();
    }
    InetSocketAddress seed = new InetSocketAddress("127.0.0.1", port);
    UdpDhtNode own = node(new InetSocketAddress("127.0.0.1", 0));
    SearchNetwork network =
        new SearchNetwork(
            own,
            issuer,
            issuer.issue(own.node().key().publicKey(), MembershipRole.BROKER, "b"),
            List.of(seed),
            false);
    SearchConfig config =
        new SearchConfig(
            true,
            "127.0.0.1:0",
            List.of("127.0.0.1:" + port),
            null,
            null,
            false,
            Duration.ofDays(1),
            Duration.ofMillis(50),
            Duration.ofMillis(100),
            Map.of());
    log.start();
    joinerLog.addAppender(log);
    SeedJoiner joiner = new SeedJoiner(network, config, clock);
    started.add(joiner::stop);
    SearchHealthIndicator health = new SearchHealthIndicator(network, joiner, clock);
    assertEquals(HealthStatus.UP, health.result().getStatus(), "nothing has failed yet");
    joiner.start();

    BrokerSearchNetworkTest.await(() -> joiner.status().failures() >= 4, "four failed attempts");
    assertEquals(HealthStatus.DOWN, health.result().getStatus());
    long warnings = log.list.stream().filter(e -> e.getLevel() == Level.WARN).count();
    assertEquals(2, warnings, "one WARN per backoff step (50ms, then 100ms): " + log.list);

    node(seed); // the seed comes up
    BrokerSearchNetworkTest.await(() -> joiner.status().joined(), "joined");
    assertEquals(0, joiner.status().failures());
    assertNull(joiner.status().lastFailure());
    assertTrue(own.node().metrics().routingTableSize() >= 1);
    assertEquals(HealthStatus.UP, health.result().getStatus());
  }
}
