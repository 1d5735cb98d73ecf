package io.xenia.hostdaemon.advertise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenia.dht.DhtConfig;
import io.xenia.dht.index.Offer;
import io.xenia.dht.index.SearchIndex;
import io.xenia.dht.index.SearchOptions;
import io.xenia.dht.query.Query;
import io.xenia.dht.security.MembershipPolicy;
import io.xenia.dht.security.NodeIdentity;
import io.xenia.dht.server.UdpDhtNode;
import io.xenia.hostdaemon.admission.AdmissionDecision;
import io.xenia.hostdaemon.admission.AdmissionRequest;
import io.xenia.hostdaemon.daemon.Drivers;
import io.xenia.hostdaemon.daemon.HostDaemon;
import io.xenia.hostdaemon.driver.fake.FakeDriver;
import io.xenia.hostdaemon.inventory.Inventory;
import io.xenia.hostdaemon.inventory.InventoryLoader;
import io.xenia.hostdaemon.machine.MachineState;
import io.xenia.protocol.crypto.Ed25519KeyPair;
import io.xenia.protocol.money.Money;
import io.xenia.protocol.records.Resources;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The advertiser over real UDP DHT nodes on 127.0.0.1 (open membership), fed by the daemon core
 * with the fake driver; a searcher on another node sees what the market would. The tests run in
 * order on one daemon: each changes one machine, the last stops the advertiser.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdvertiserTest {
  private static final Currency EUR = Currency.getInstance("EUR");
  private static final List<UdpDhtNode> nodes = new ArrayList<>();
  private static Path dir;
  private static Ed25519KeyPair hostKey;
  private static HostDaemon daemon;
  private static Advertiser advertiser;
  private static SearchIndex searcher;
  private static String hostId;

  static String inventory(Path dataDir, String m1Price) {
    return "daemon:\n  dataDir: "
        + dataDir
        + "\n  reconcileIntervalMs: 50\n"
        + "defaults:\n  driver: fake\n  location: {region: eu-west-1}\n"
        + "  prices: {currency: EUR, perHour: 0.40}\n"
        + "machines:\n"
        + "  - {id: m1, prices: {currency: EUR, perHour: \""
        + m1Price
        + "\"}, facts: {cpuCores: 4, memoryMiB: 4096, diskGiB: 10, networkMbps: 1000}}\n"
        + "  - {id: m2, facts: {cpuCores: 4, memoryMiB: 4096, diskGiB: 10, networkMbps: 1000}}\n"
        + "  - {id: m3, facts: {cpuCores: 4, memoryMiB: 4096, diskGiB: 10, networkMbps: 1000}}\n"
        + "  - {id: m4, facts: {cpuCores: 4, memoryMiB: 4096, diskGiB: 10, networkMbps: 1000}}\n";
  }

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("advertiser");
    hostKey = Ed25519KeyPair.generate(new SecureRandom());
    hostId = hostKey.publicKey().fingerprint();
    DhtConfig config = DhtConfig.defaults().withRpcTimeoutMillis(300);
    for (int i = 0; i < 5; i++) {
      Ed25519KeyPair key = i == 0 ? hostKey : Ed25519KeyPair.generate(new SecureRandom());
      UdpDhtNode node =
          UdpDhtNode.start(
              config,
              NodeIdentity.uncertified(key),
              MembershipPolicy.open(),
              new InetSocketAddress("127.0.0.1", 0));
      nodes.add(node);
      if (i > 0) {
        node.join(List.of(nodes.get(0).address())).get(10, TimeUnit.SECONDS);
      }
    }
    searcher = SearchIndex.create(nodes.get(4).node(), EUR, Clock.systemUTC());
    Inventory inv = InventoryLoader.parse(inventory(dir.resolve("state"), "0.40"), "inv.yaml", dir);
    daemon =
        HostDaemon.start(
            inv, Drivers.of(new FakeDriver(Clock.systemUTC())), hostKey, Clock.systemUTC());
    advertiser =
        Advertiser.start(
            daemon.store(),
            inv,
            nodes.get(0).node(),
            hostKey,
            "acct-operator-1",
            Duration.ofSeconds(60),
            dir.resolve("state/advertise"),
            Clock.systemUTC());
  }

  @AfterAll
  static void stop() {
    advertiser.close();
    daemon.close();
    nodes.forEach(UdpDhtNode::close);
  }

  /** This host's offers as the searcher finds them, by machine id. */
  private static Map<String, Offer> offers() throws Exception {
    Map<String, Offer> found = new TreeMap<>();
    for (Offer o :
        searcher
            .search(Query.parse("cpu>=1"), SearchOptions.defaults().withPageSize(1000))
            .get(10, TimeUnit.SECONDS)
            .offers()) {
      if (o.advertisement().hostId().equals(hostId)) {
        found.put(o.advertisement().machineId(), o);
      }
    }
    return found;
  }

  /** Waits until the searcher's view satisfies {@code condition}; returns the milliseconds. */
  private static long until(Predicate<Map<String, Offer>> condition, long timeoutMillis)
      throws Exception {
    long start = System.nanoTime();
    Map<String, Offer> last = Map.of();
    while (System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(timeoutMillis)) {
      last = offers();
      if (condition.test(last)) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      }
      Thread.sleep(10);
    }
    throw new AssertionError("not within " + timeoutMillis + " ms; offers: " + last.keySet());
  }

  @Test
  @Order(1)
  void everyReadyMachineIsFindable() throws Exception {
    until(o -> o.keySet().equals(java.util.Set.of("m1", "m2", "m3", "m4")), 5000);
    var ad = offers().get("m2").advertisement();
    assertEquals("acct-operator-1", ad.ownerAccountId());
    assertEquals(new Resources(4, 4096, 10, 1000, 0, ""), ad.total());
    assertEquals(ad.total(), ad.available());
    assertEquals(java.util.Set.of("image"), ad.capabilities().bootMethods());
    assertEquals(60, ad.ttlSeconds());
    assertAdvertised(java.util.Set.of("m1", "m2", "m3", "m4"));
  }

  @Test
  @Order(2)
  void aPriceChangeInTheInventoryIsVisibleWithinOneSecond() throws Exception {
    long before = offers().get("m1").advertisement().sequence();
    Inventory changed =
        InventoryLoader.parse(inventory(dir.resolve("state"), "0.55"), "inv.yaml", dir);
    long start = System.nanoTime();
    advertiser.inventoryChanged(changed);
    until(o -> o.containsKey("m1") && o.get("m1").price().equals(Money.parse("EUR", "0.55")), 5000);
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    System.out.println("AdvertiserTest: price change visible after " + millis + " ms");
    assertTrue(millis < 1000, millis + " ms");
    assertTrue(offers().get("m1").advertisement().sequence() > before);
  }

  @Test
  @Order(3)
  void aFailedMachineDisappearsWithinOneSecond() throws Exception {
    var r = daemon.store().require("m2");
    long start = System.nanoTime();
    daemon.store().transition(r, MachineState.FAILED, Optional.of("operator pulled it"));
    until(o -> !o.containsKey("m2") && o.containsKey("m1"), 5000);
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    System.out.println("AdvertiserTest: failed machine gone after " + millis + " ms");
    assertTrue(millis < 1000, millis + " ms");
  }

  @Test
  @Order(4)
  void aClaimedMachineDisappears() throws Exception {
    long start = System.nanoTime();
    var d =
        daemon
            .admission()
            .admit(
                new AdmissionRequest(
                    "m3",
                    new Resources(4, 4096, 10, 1000, 0, ""),
                    Money.parse("EUR", "0.40"),
                    Optional.of(Duration.ofHours(1)),
                    "acct-customer-1",
                    Ed25519KeyPair.generate(new SecureRandom()).publicKey(),
                    "s-adv",
                    "po-1",
                    "2026-11-01"));
    assertTrue(d instanceof AdmissionDecision.Admitted, d::toString);
    until(o -> !o.containsKey("m3") && o.containsKey("m4"), 5000);
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    System.out.println("AdvertiserTest: claimed machine gone after " + millis + " ms");
    assertTrue(millis < 1000, millis + " ms");
    assertAdvertised(java.util.Set.of("m1", "m4"));
  }

  /** A daemon killed with ads out: the next one withdraws the ad of a machine no longer ready. */
  @Test
  @Order(5)
  void aRestartAfterAKillWithdrawsStaleAds() throws Exception {
    advertiser.abandon(); // m1 and m4 stay advertised, as after kill -9
    var r = daemon.store().require("m4");
    daemon.store().transition(r, MachineState.FAILED, Optional.of("failed while no one watched"));
    Thread.sleep(200);
    assertEquals(java.util.Set.of("m1", "m4"), offers().keySet(), "nothing withdrew m4 yet");
    advertiser =
        Advertiser.start(
            daemon.store(),
            daemon.inventory(),
            nodes.get(0).node(),
            hostKey,
            "acct-operator-1",
            Duration.ofSeconds(60),
            dir.resolve("state/advertise"),
            Clock.systemUTC());
    until(o -> o.keySet().equals(java.util.Set.of("m1")), 5000);
    assertAdvertised(java.util.Set.of("m1"));
    assertTrue(Files.exists(dir.resolve("state/advertise/m1.live")));
    assertTrue(!Files.exists(dir.resolve("state/advertise/m4.live")));
  }

  @Test
  @Order(6)
  void aCleanStopWithdrawsEveryAd() throws Exception {
    advertiser.close();
    until(Map::isEmpty, 2000);
    assertAdvertised(java.util.Set.of());
    assertTrue(!Files.exists(dir.resolve("state/advertise/m1.live")));
  }

  /**
   * The advertiser's own account of what it has out. Searchers can see a publish or withdrawal
   * before its future completes (that waits for a majority of the holders), and the advertiser
   * updates its account only then, so this waits a little for it.
   */
  private void assertAdvertised(java.util.Set<String> expected) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!advertiser.advertised().equals(expected) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertEquals(expected, advertiser.advertised());
  }
}
