package io.xenia.broker.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.xenia.broker.support.BrokerUnderTest;
import io.xenia.dht.DhtConfig;
import io.xenia.dht.DhtKey;
import io.xenia.dht.DhtNode;
import io.xenia.dht.Entry;
import io.xenia.dht.GetResult;
import io.xenia.dht.security.MembershipCertificate;
import io.xenia.dht.security.MembershipClaims;
import io.xenia.dht.security.MembershipPolicy;
import io.xenia.dht.security.MembershipRole;
import io.xenia.dht.security.NodeIdentity;
import io.xenia.dht.server.UdpDhtNode;
import io.xenia.protocol.crypto.Ed25519KeyPair;
import io.xenia.protocol.crypto.KeyFiles;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Brokers embed DHT nodes on real sockets, each on its own database of the shared PostgreSQL: a
 * second broker seeded by the first joins it and they share values; the CA they share admits nodes
 * it certified and no others; an unreachable seed turns health DOWN; unsafe key files and unknown
 * DHT keys fail the start; disabled, a broker runs no node. Two long-lived brokers serve most
 * tests, to keep broker start-ups few.
 */
class BrokerSearchNetworkTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static Path caDirectory;
  private static BrokerUnderTest first;
  private static BrokerUnderTest second;

  @BeforeAll
  static void start() throws IOException {
    caDirectory = Files.createTempDirectory("xenia-search-ca-");
    first = BrokerUnderTest.start("search_first", properties(Map.of()));
    second =
        BrokerUnderTest.start(
            "search_second",
            properties(Map.of("xenia.search.seeds", HostPorts.format(network(first).address()))));
  }

  @AfterAll
  static void stop() {
    if (second != null) {
      second.close();
    }
    if (first != null) {
      first.close();
    }
    deleteQuietly(caDirectory);
  }

  private static void deleteQuietly(Path directory) {
    try (var files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException | RuntimeException e) {
      // A temporary directory; the OS cleans up what is left.
    }
  }

  /** Both brokers of one network share the CA key; each has its own node key. */
  private static Map<String, Object> properties(Map<String, Object> extra) {
    Map<String, Object> properties = new HashMap<>();
    properties.put("xenia.search.ca-key-file", caDirectory.resolve("ca-key.pem").toString());
    properties.put("xenia.search.dht.rpc.timeout.ms", "300");
    properties.put("xenia.search.join-retry-min-backoff", "200ms");
    properties.put("xenia.search.join-retry-max-backoff", "1s");
    properties.putAll(extra);
    return properties;
  }

  private static SearchNetwork network(BrokerUnderTest broker) {
    return broker.context().getBean(SearchNetwork.class);
  }

  @Test
  void aSecondBrokerSeededByTheFirstJoinsItAndTheyShareValues() throws Exception {
    SearchNetwork a = network(first);
    SearchNetwork b = network(second);
    assertSame(a.node(), first.context().getBean(DhtNode.class), "the node is a bean of its own");
    assertSame(a.issuer(), first.context().getBean(MembershipIssuer.class));
    await(() -> b.node().metrics().routingTableSize() > 0, "the second broker joins");
    await(() -> a.node().metrics().routingTableSize() > 0, "the first learns the second");

    DhtKey key = DhtKey.of("broker-search-test", "offers", "one");
    byte[] value = {4, 2};
    var put =
        a.node().put(key).value(value).ttl(Duration.ofMinutes(5)).start().get(10, TimeUnit.SECONDS);
    assertEquals(2, put.stored(), put.toString());
    GetResult got = b.node().get(key.location(), key.domain()).start().get(10, TimeUnit.SECONDS);
    assertEquals(1, got.entries().size(), got.toString());
    Entry entry = got.entries().get(0);
    assertArrayEquals(value, entry.value());

    JsonNode health = searchHealth(second);
    assertEquals("UP", health.path("status").asText(), health::toString);
    assertTrue(health.path("details").path("routingTableSize").asInt() >= 1, health::toString);
    assertEquals(
        HostPorts.format(a.address()), health.path("details").path("seeds").get(0).asText());
    assertTrue(searchHealth(first).path("details").path("storedEntries").asInt() >= 1);

    String prometheus = first.api().get("/prometheus", null).raw().body();
    assertTrue(prometheus.contains("xenia_dht_routing_table_size"), prometheus);
    assertTrue(prometheus.contains("xenia_dht_stored_entries"), prometheus);
    assertTrue(
        prometheus.contains("xenia_dht_stores_refused_total{reason=\"forged\"}"), prometheus);
    assertTrue(prometheus.contains("xenia_dht_requests_received_total"), prometheus);
  }

  @Test
  void keyFilesAreCreatedOwnerOnlyAndTheCaPublicKeyIsPublished() throws Exception {
    Path nodeKey = first.searchKeyDirectory().resolve("node-key.pem");
    Path caKey = caDirectory.resolve("ca-key.pem");
    for (Path file : List.of(nodeKey, caKey)) {
      assertEquals(
          "rw-------",
          PosixFilePermissions.toString(Files.getPosixFilePermissions(file)),
          file::toString);
    }
    assertEquals(
        network(first).issuer().caPublicKey(),
        KeyFiles.loadPublicKey(caDirectory.resolve("ca-key.pem.pub")));
    assertEquals(
        KeyFiles.loadPrivateKey(nodeKey).publicKey(), network(first).node().key().publicKey());
  }

  @Test
  void theBrokerCaAdmitsNodesItCertifiedAndRefusesOthers() {
    SearchNetwork a = network(first);
    long refusedBefore = a.transportMetrics().handshakesRefused();

    Ed25519KeyPair foreignCa = Ed25519KeyPair.generate(RANDOM);
    Ed25519KeyPair outsiderKey = Ed25519KeyPair.generate(RANDOM);
    Instant now = Instant.now();
    MembershipCertificate foreignCertificate =
        MembershipCertificate.issue(
            foreignCa,
            MembershipClaims.of(
                outsiderKey.publicKey(),
                MembershipRole.SEARCH_NODE,
                "outsider",
                1,
                now.minusSeconds(60),
                now.plus(Duration.ofDays(1))));
    try (UdpDhtNode outsider =
        standalone(NodeIdentity.certified(outsiderKey, foreignCertificate))) {
      int table = outsider.join(List.of(a.address())).join();
      assertEquals(0, table, "a broker node does not admit a node certified by another CA");
    }
    assertTrue(a.transportMetrics().handshakesRefused() > refusedBefore);

    Ed25519KeyPair memberKey = Ed25519KeyPair.generate(RANDOM);
    MembershipCertificate certificate =
        a.issuer().issue(memberKey.publicKey(), MembershipRole.SEARCH_NODE, "search-node-1");
    try (UdpDhtNode member = standalone(NodeIdentity.certified(memberKey, certificate))) {
      int table = member.join(List.of(a.address())).join();
      assertTrue(table >= 1, "a node the broker's CA certified joins: " + table);
    }
  }

  /** A node outside any broker that trusts the brokers' CA. */
  private static UdpDhtNode standalone(NodeIdentity identity) {
    return UdpDhtNode.start(
        DhtConfig.defaults().withRpcTimeoutMillis(300),
        identity,
        MembershipPolicy.requireCertificate(
            network(first).issuer().caPublicKey(), Clock.systemUTC()),
        new InetSocketAddress("127.0.0.1", 0));
  }

  @Test
  void anUnreachableSeedTurnsHealthDownAndADisabledBrokerRunsNoNode() throws Exception {
    int closedPort;
    try (DatagramSocket socket = new DatagramSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    try (BrokerUnderTest lonely =
        BrokerUnderTest.start(
            "search_lonely", properties(Map.of("xenia.search.seeds", "127.0.0.1:" + closedPort)))) {
      await(
          () -> "DOWN".equals(searchHealth(lonely).path("status").asText()),
          "health turns DOWN while no seed answers");
      var health = lonely.api().get("/health", null);
      assertEquals(503, health.status(), health::toString);
      String reason =
          health.body().path("details").path("search-dht").path("details").path("reason").asText();
      assertTrue(reason.startsWith("not joined"), reason);
    }

    try (BrokerUnderTest disabled =
        BrokerUnderTest.start("search_disabled", Map.of("xenia.search.enabled", false))) {
      assertFalse(disabled.context().containsBean(SearchNetwork.class));
      assertFalse(disabled.context().containsBean(DhtNode.class));
      // Every other setting at its default.
      assertEquals(
          new SearchConfig(
              false,
              "127.0.0.1:0",
              List.of(),
              disabled.searchKeyDirectory().resolve("node-key.pem").toString(),
              disabled.searchKeyDirectory().resolve("ca-key.pem").toString(),
              false,
              Duration.ofDays(30),
              Duration.ofSeconds(1),
              Duration.ofSeconds(60),
              Map.of()),
          disabled.context().getBean(SearchConfig.class));
      var health = disabled.api().get("/health", null);
      assertEquals(200, health.status(), health::toString);
      assertTrue(
          health.body().path("details").path("search-dht").isMissingNode(), health::toString);
      assertFalse(Files.exists(disabled.searchKeyDirectory().resolve("node-key.pem")));
    }
  }

  @Test
  void aWorldReadableKeyOrAnUnknownDhtKeyFailsTheStart() throws Exception {
    Path dir = Files.createTempDirectory("xenia-search-unsafe-");
    Path unsafe = dir.resolve("node-key.pem");
    KeyFiles.storePrivateKey(unsafe, Ed25519KeyPair.generate(RANDOM));
    Files.setPosixFilePermissions(unsafe, PosixFilePermissions.fromString("rw-r--r--"));
    String refused =
        startFailure(properties(Map.of("xenia.search.node-key-file", unsafe.toString())));
    assertTrue(refused.contains("xenia.search.node-key-file"), refused);
    assertTrue(refused.contains("too open"), refused);

    String unknown = startFailure(properties(Map.of("xenia.search.dht.rpc.timeout.secs", "1")));
    assertTrue(unknown.contains("xenia.search.dht.rpc.timeout.secs"), unknown);
    deleteQuietly(dir);
  }

  private static String startFailure(Map<String, Object> properties) {
    RuntimeException e =
        assertThrows(
            RuntimeException.class,
            () -> BrokerUnderTest.start("search_refused", properties).close());
    StringBuilder messages = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      messages.append(t.getMessage()).append('\n');
    }
    return messages.toString();
  }

  private static JsonNode searchHealth(BrokerUnderTest broker) {
    return broker.api().get("/health", null).body().path("details").path("search-dht");
  }

  static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(50);
    }
  }
}
