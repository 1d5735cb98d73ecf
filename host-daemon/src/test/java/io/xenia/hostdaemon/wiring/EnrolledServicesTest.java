package io.xenia.hostdaemon.wiring;

import static io.xenia.hostdaemon.wiring.BrokerClient.admission;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenia.dht.DhtConfig;
import io.xenia.dht.index.Offer;
import io.xenia.dht.index.SearchIndex;
import io.xenia.dht.index.SearchOptions;
import io.xenia.dht.query.Query;
import io.xenia.dht.security.MembershipCertificate;
import io.xenia.dht.security.MembershipClaims;
import io.xenia.dht.security.MembershipPolicy;
import io.xenia.dht.security.MembershipRole;
import io.xenia.dht.security.NodeIdentity;
import io.xenia.dht.server.UdpDhtNode;
import io.xenia.hostdaemon.api.TestCa;
import io.xenia.hostdaemon.daemon.Drivers;
import io.xenia.hostdaemon.daemon.HostDaemon;
import io.xenia.hostdaemon.driver.fake.FakeDriver;
import io.xenia.hostdaemon.enroll.HostIdentity;
import io.xenia.hostdaemon.inventory.Inventory;
import io.xenia.protocol.crypto.Ed25519KeyPair;
import io.xenia.protocol.records.Resources;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * What {@code host-daemon run} starts on an enrolled host, in process: a certified search-dht node
 * that joins a broker's (certified) node through the seeds, ads findable there, the mTLS control
 * API serving a broker of the host CA, heartbeats running (to an address where no broker listens,
 * so they report failing), and a clean stop that withdraws every ad and closes the API.
 */
class EnrolledServicesTest {
  private static final Currency EUR = Currency.getInstance("EUR");

  static MembershipCertificate member(
      Ed25519KeyPair ca, Ed25519KeyPair subject, MembershipRole role) {
    Instant now = Instant.now();
    return MembershipCertificate.issue(
        ca,
        new MembershipClaims(
            MembershipClaims.VERSION,
            subject.publicKey(),
            role,
            role.name().toLowerCase(java.util.Locale.ROOT) + "-1",
            now.toEpochMilli(),
            now.minusSeconds(60),
            now.plus(Duration.ofDays(1))));
  }

  private static Set<String> machines(SearchIndex index, String hostId) throws Exception {
    Set<String> found = new TreeSet<>();
    for (Offer o :
        index
            .search(Query.parse("cpu>=1"), SearchOptions.defaults().withPageSize(1000))
            .get(10, TimeUnit.SECONDS)
            .offers()) {
      if (o.advertisement().hostId().equals(hostId)) {
        found.add(o.advertisement().machineId());
      }
    }
    return found;
  }

  private static void until(SearchIndex index, String hostId, Predicate<Set<String>> condition)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    Set<String> last = Set.of();
    while (System.nanoTime() < deadline) {
      last = machines(index, hostId);
      if (condition.test(last)) {
        return;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("search-dht never showed the expected machines; last " + last);
  }

  @Test
  void anEnrolledHostServesJoinsAdvertisesAndStopsCleanly() throws Exception {
    Ed25519KeyPair dhtCa = Ed25519KeyPair.generate(new SecureRandom());
    Ed25519KeyPair hostKey = Ed25519KeyPair.generate(new SecureRandom());
    String hostId = hostKey.publicKey().fingerprint();
    TestCa hostCa = new TestCa("Xenia host CA");
    TestCa.Leaf tls = hostCa.issue("urn:xenia:host:1");
    HostIdentity identity =
        new HostIdentity(
            UUID.randomUUID(),
            URI.create("https://127.0.0.1:9/"), // nothing listens: heartbeats keep failing
            hostKey,
            tls.key().getPrivate(),
            tls.certificate(),
            List.of(hostCa.certificate()),
            member(dhtCa, hostKey, MembershipRole.HOST).toJson(),
            Duration.ofSeconds(1));
    Ed25519KeyPair brokerKey = Ed25519KeyPair.generate(new SecureRandom());
    UdpDhtNode brokerNode =
        UdpDhtNode.start(
            DhtConfig.defaults().withRpcTimeoutMillis(300),
            NodeIdentity.certified(brokerKey, member(dhtCa, brokerKey, MembershipRole.BROKER)),
            MembershipPolicy.requireCertificate(dhtCa.publicKey(), Clock.systemUTC()),
            new InetSocketAddress("127.0.0.1", 0));
    Path dir = Files.createTempDirectory("enrolled");
    String network =
        "  controlApi: {bind: \"127.0.0.1:0\"}\n"
            + "  dht: {bind: \"127.0.0.1:0\", seeds: [\"127.0.0.1:"
            + brokerNode.address().getPort()
            + "\"]}\n"
            + "  advertise: {ownerAccountId: acct-operator-1, ttlSeconds: 30}\n";
    Inventory inventory =
        TestHost.parse(TestHost.inventory(dir.resolve("state"), "fake", 3, network), dir);
    HostDaemon daemon =
        HostDaemon.start(
            inventory, Drivers.of(new FakeDriver(Clock.systemUTC())), hostKey, Clock.systemUTC());
    EnrolledServices services = null;
    try {
      services =
          EnrolledServices.start(daemon, identity, inventory.daemon().network(), Clock.systemUTC());
      SearchIndex market = SearchIndex.create(brokerNode.node(), EUR, Clock.systemUTC());
      until(market, hostId, m -> m.equals(Set.of("m1", "m2", "m3")));

      BrokerClient broker =
          new BrokerClient(hostCa, "broker-a", services.controlAddress().getPort());
      var admitted =
          broker.post(
              "/v1/admissions",
              admission(
                  hostId, "m2", "s-enrolled", new Resources(4, 4096, 10, 1000, 0, ""), "0.40"));
      assertEquals(201, admitted.statusCode(), admitted::body);
      until(market, hostId, m -> m.equals(Set.of("m1", "m3")));

      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!services.heartbeats().status().state().equals("failing")
          && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertEquals("failing", services.heartbeats().status().state());

      services.close();
      services = null;
      until(market, hostId, Set::isEmpty);
      assertThrows(IOException.class, () -> broker.get("/v1/status"));
    } finally {
      if (services != null) {
        services.close();
      }
      daemon.close();
      brokerNode.close();
    }
  }

  @Test
  void anEnrolledHostWithoutAnOwnerAccountIsRefusedWithTheKeyToSet() throws Exception {
    Path dir = Files.createTempDirectory("enrolled-no-owner");
    Inventory inventory =
        TestHost.parse(TestHost.inventory(dir.resolve("state"), "fake", 1, ""), dir);
    Ed25519KeyPair hostKey = Ed25519KeyPair.generate(new SecureRandom());
    TestCa hostCa = new TestCa("Xenia host CA");
    TestCa.Leaf tls = hostCa.issue("h");
    HostIdentity identity =
        new HostIdentity(
            UUID.randomUUID(),
            URI.create("https://127.0.0.1:9/"),
            hostKey,
            tls.key().getPrivate(),
            tls.certificate(),
            List.of(hostCa.certificate()),
            member(hostKey, hostKey, MembershipRole.HOST).toJson(),
            Duration.ofSeconds(1));
    try (HostDaemon daemon =
        HostDaemon.start(
            inventory, Drivers.of(new FakeDriver(Clock.systemUTC())), hostKey, Clock.systemUTC())) {
      var e =
          assertThrows(
              IllegalStateException.class,
              () ->
                  EnrolledServices.start(
                      daemon, identity, inventory.daemon().network(), Clock.systemUTC()));
      assertTrue(e.getMessage().contains("daemon.advertise.ownerAccountId"), e.getMessage());
    }
  }
}
