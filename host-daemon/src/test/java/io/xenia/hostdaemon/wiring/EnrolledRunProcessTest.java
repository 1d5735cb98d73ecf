package io.xenia.hostdaemon.wiring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.xenia.dht.DhtConfig;
import io.xenia.dht.index.Offer;
import io.xenia.dht.index.SearchIndex;
import io.xenia.dht.index.SearchOptions;
import io.xenia.dht.query.Query;
import io.xenia.dht.security.MembershipPolicy;
import io.xenia.dht.security.MembershipRole;
import io.xenia.dht.security.NodeIdentity;
import io.xenia.dht.server.UdpDhtNode;
import io.xenia.hostdaemon.api.TestCa;
import io.xenia.hostdaemon.enroll.EnrolledDataDir;
import io.xenia.protocol.crypto.Ed25519KeyPair;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Currency;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code host-daemon run} as a real child process on an enrolled data dir: it says what it started,
 * serves the control API to a broker of the host CA, advertises into a certified search-dht (a
 * broker's node in this JVM, its seed), and on SIGTERM withdraws every ad.
 */
class EnrolledRunProcessTest {
  @TempDir Path dir;

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

  private static long until(SearchIndex index, String hostId, Predicate<Set<String>> condition)
      throws Exception {
    long start = System.nanoTime();
    Set<String> last = Set.of();
    while (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(15)) {
      last = machines(index, hostId);
      if (condition.test(last)) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      }
      Thread.sleep(20);
    }
    throw new AssertionError("search-dht never showed the expected machines; last " + last);
  }

  @Test
  void anEnrolledRunServesAdvertisesAndWithdrawsOnSigterm() throws Exception {
    Ed25519KeyPair dhtCa = Ed25519KeyPair.generate(new SecureRandom());
    TestCa hostCa = new TestCa("Xenia host CA");
    Path dataDir = dir.resolve("state");
    Ed25519KeyPair hostKey = EnrolledDataDir.hostKey(dataDir);
    String hostId = hostKey.publicKey().fingerprint();
    TestCa.Leaf tls = hostCa.issue("urn:xenia:host:1");
    EnrolledDataDir.write(
        dataDir,
        tls.key().getPrivate(),
        tls.certificate(),
        hostCa.certificate(),
        EnrolledServicesTest.member(dhtCa, hostKey, MembershipRole.HOST).toJson(),
        URI.create("https://127.0.0.1:9/"),
        Duration.ofSeconds(1));
    Ed25519KeyPair brokerKey = Ed25519KeyPair.generate(new SecureRandom());
    UdpDhtNode brokerNode =
        UdpDhtNode.start(
            DhtConfig.defaults().withRpcTimeoutMillis(300),
            NodeIdentity.certified(
                brokerKey, EnrolledServicesTest.member(dhtCa, brokerKey, MembershipRole.BROKER)),
            MembershipPolicy.requireCertificate(dhtCa.publicKey(), Clock.systemUTC()),
            new InetSocketAddress("127.0.0.1", 0));
    Path config = dir.resolve("inventory.yaml");
    Files.writeString(
        config,
        String.join(
            "\n",
            "daemon:",
            "  dataDir: state",
            "  reconcileIntervalMs: 100",
            "  controlApi: {bind: \"127.0.0.1:0\"}",
            "  dht: {bind: \"127.0.0.1:0\", seeds: [\"127.0.0.1:"
                + brokerNode.address().getPort()
                + "\"]}",
            "  advertise: {ownerAccountId: acct-operator-1, ttlSeconds: 30}",
            "defaults:",
            "  driver: fake",
            "  location: {region: eu-west-1}",
            "  prices: {currency: EUR, perHour: 0.40}",
            "machines:",
            "  - id: f1",
            "    facts: {cpuCores: 2, memoryMiB: 1024}",
            "  - id: f2",
            "    facts: {cpuCores: 2, memoryMiB: 1024}",
            ""));
    RunProcess p = RunProcess.start(config);
    try {
      int controlPort = p.controlPort();
      p.awaitLine("the machine list", l -> l.startsWith("  f2 "));

      SearchIndex market =
          SearchIndex.create(brokerNode.node(), Currency.getInstance("EUR"), Clock.systemUTC());
      until(market, hostId, m -> m.equals(Set.of("f1", "f2")));
      BrokerClient broker = new BrokerClient(hostCa, "broker-a", controlPort);
      var status = broker.get("/v1/status");
      assertEquals(200, status.statusCode(), status::body);
      assertEquals(hostId, BrokerClient.json(status).path("hostId").asText());

      assertEquals(143, p.terminate()); // SIGTERM
      long gone = until(market, hostId, Set::isEmpty);
      System.out.println("EnrolledRunProcessTest: ads gone " + gone + " ms after the exit");
    } finally {
      p.kill();
      brokerNode.close();
    }
  }
}
