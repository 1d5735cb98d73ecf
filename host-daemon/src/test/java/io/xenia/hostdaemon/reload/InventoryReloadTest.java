package io.xenia.hostdaemon.reload;

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
import io.xenia.hostdaemon.advertise.Advertiser;
import io.xenia.hostdaemon.audit.AuditEntry;
import io.xenia.hostdaemon.daemon.Drivers;
import io.xenia.hostdaemon.daemon.HostDaemon;
import io.xenia.hostdaemon.driver.fake.FakeDriver;
import io.xenia.hostdaemon.inventory.InventoryLoader;
import io.xenia.hostdaemon.machine.MachineState;
import io.xenia.protocol.crypto.Ed25519KeyPair;
import io.xenia.protocol.money.Money;
import io.xenia.protocol.records.Resources;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Inventory reload on a running daemon core (fake driver, real files) advertising over real UDP
 * search-dht nodes on 127.0.0.1, with the {@link ReloadLoop} polling the file every 100 ms as
 * {@code host-daemon run} does: each test edits the file the way an operator would and watches what
 * the market (a searcher on another node), the store and the audit log show. In order, on one
 * daemon.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InventoryReloadTest {
  private static final Currency EUR = Currency.getInstance("EUR");
  private static final String FACTS =
      "facts: {cpuCores: 4, memoryMiB: 4096, diskGiB: 10, networkMbps: 1000}";
  private static final List<UdpDhtNode> nodes = new ArrayList<>();
  private static Path dir;
  private static Path file;
  private static HostDaemon daemon;
  private static FakeDriver driver;
  private static Advertiser advertiser;
  private static ReloadLoop loop;
  private static SearchIndex searcher;
  private static String hostId;

  private static String inventory(String daemonExtra, String... machines) {
    StringBuilder y =
        new StringBuilder("daemon:\n  dataDir: state\n  reconcileIntervalMs: 50\n")
            .append(daemonExtra)
            .append("defaults:\n  driver: fake\n  location: {region: eu-west-1}\n")
            .append("  prices: {currency: EUR, perHour: 0.40}\nmachines:\n");
    for (String m : machines) {
      y.append("  - ").append(m).append('\n');
    }
    return y.toString();
  }

  private static String machine(String id, String extra) {
    return "{id: " + id + ", " + FACTS + (extra.isEmpty() ? "" : ", " + extra) + "}";
  }

  /** Replaces the file as an editor that saves atomically would. */
  private static void write(String yaml) throws Exception {
    Path tmp = dir.resolve("inventory.yaml.tmp");
    Files.writeString(tmp, yaml);
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("inventory-reload");
    file = dir.resolve("inventory.yaml");
    Ed25519KeyPair hostKey = Ed25519KeyPair.generate(new SecureRandom());
    hostId = hostKey.publicKey().fingerprint();
    DhtConfig config = DhtConfig.defaults().withRpcTimeoutMillis(300);
    for (int i = 0; i < 3; i++) {
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
    searcher = SearchIndex.create(nodes.get(2).node(), EUR, Clock.systemUTC());
    write(inventory("", machine("m1", ""), machine("m2", ""), machine("m3", "")));
    var inventory = InventoryLoader.load(file);
    driver = new FakeDriver(Clock.systemUTC());
    daemon = HostDaemon.start(inventory, Drivers.of(driver), hostKey, Clock.systemUTC());
    advertiser =
        Advertiser.start(
            daemon.store(),
            inventory,
            nodes.get(0).node(),
            hostKey,
            "acct-operator-1",
            Duration.ofSeconds(60),
            inventory.daemon().advertiseDir(),
            Clock.systemUTC());
    InventoryReloader reloader = new InventoryReloader(file, daemon);
    reloader.addListener(advertiser::inventoryChanged);
    loop = ReloadLoop.start(Duration.ofMillis(100)).watch(reloader);
    until(o -> o.keySet().equals(Set.of("m1", "m2", "m3")), 5000);
  }

  @AfterAll
  static void stop() {
    loop.close();
    advertiser.close();
    daemon.close();
    nodes.forEach(UdpDhtNode::close);
  }

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

  /** Waits until the market satisfies {@code condition}; returns the milliseconds it took. */
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

  private static void eventually(String what, BooleanSupplier condition) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("never: " + what);
      }
      Thread.sleep(20);
    }
  }

  private static List<AuditEntry> audit(String action) throws Exception {
    List<AuditEntry> found = new ArrayList<>();
    for (String line : Files.readAllLines(daemon.inventory().daemon().auditLog())) {
      AuditEntry e = AuditEntry.parse(line);
      if (e.action().equals(action)) {
        found.add(e);
      }
    }
    return found;
  }

  private static AuditEntry lastAudit(String action) throws Exception {
    List<AuditEntry> all = audit(action);
    assertTrue(!all.isEmpty(), "no " + action + " in the audit log");
    return all.get(all.size() - 1);
  }

  @Test
  @Order(1)
  void aPriceAndLocationChangeIsReadvertisedWithinOneSecondOfTheFileChanging() throws Exception {
    long start = System.nanoTime();
    write(
        inventory(
            "",
            machine(
                "m1", "prices: {currency: EUR, perHour: \"0.55\"}, location: {region: us-east-1}"),
            machine("m2", ""),
            machine("m3", "")));
    until(
        o ->
            o.containsKey("m1")
                && o.get("m1").price().equals(Money.parse("EUR", "0.55"))
                && o.get("m1").advertisement().location().region().equals("us-east-1"),
        5000);
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    System.out.println(
        "InventoryReloadTest: price change on the market "
            + millis
            + " ms after the file changed (poll 100 ms)");
    assertTrue(millis < 1000, millis + " ms");
    assertEquals("m1 (prices, location)", lastAudit("inventory-reloaded").details().get("changed"));
  }

  @Test
  @Order(2)
  void anInvalidFileIsRefusedWithTheLoadersErrorAndTheRunningInventoryStays() throws Exception {
    int before = audit("inventory-reload-refused").size();
    write(inventory("", machine("m1", ""), "{id: m2, facts: {cpuCores: lots, memoryMiB: 4096}}"));
    eventually("a refusal", () -> uncheck(() -> audit("inventory-reload-refused").size() > before));
    String error = lastAudit("inventory-reload-refused").details().get("error");
    assertTrue(error.contains("machines[1].facts.cpuCores"), error);
    assertTrue(error.contains("line"), error);
    assertEquals(3, daemon.inventory().machines().size());
    assertEquals(
        550_000, daemon.inventory().machine("m1").get().prices().perHour().micros(), "unchanged");

    // A driver kind nothing serves is refused too, before anything changes.
    write(inventory("", machine("m1", ""), machine("m2", "driver: warp"), machine("m3", "")));
    eventually(
        "the driver refusal",
        () -> uncheck(() -> audit("inventory-reload-refused").size() > before + 1));
    assertTrue(
        lastAudit("inventory-reload-refused")
            .details()
            .get("error")
            .contains("no driver \"warp\""));
    assertEquals("fake", daemon.inventory().machine("m2").get().spec().driver());
    Thread.sleep(150);
    assertEquals(Set.of("m1", "m2", "m3"), offers().keySet(), "still advertised");
  }

  @Test
  @Order(3)
  void aNewMachineIsCommissionedAndAdvertised() throws Exception {
    long start = System.nanoTime();
    write(
        inventory(
            "",
            machine("m1", ""),
            machine("m2", ""),
            machine("m3", ""),
            machine("m4", "location: {region: ap-south-1}")));
    until(o -> o.containsKey("m4"), 5000);
    System.out.println(
        "InventoryReloadTest: new machine on the market after "
            + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)
            + " ms");
    assertEquals(MachineState.READY, daemon.store().require("m4").state());
    AuditEntry e = lastAudit("inventory-reloaded");
    assertEquals("m4", e.details().get("added"));
    assertEquals("m4: ready", e.details().get("commissioned"));
  }

  @Test
  @Order(4)
  void declaredFactsTheMachineDoesNotHaveFailItAtRecommissioning() throws Exception {
    // What the fake machine really has: the facts first declared.
    driver.measure(
        "m4",
        Optional.of(
            new io.xenia.hostdaemon.driver.Facts(
                new Resources(4, 4096, 10, 1000, 0, ""), 1, Set.of())));
    write(
        inventory(
            "",
            machine("m1", ""),
            machine("m2", ""),
            machine("m3", ""),
            "{id: m4, facts: {cpuCores: 4096, memoryMiB: 4096}}"));
    until(o -> !o.containsKey("m4") && o.containsKey("m1"), 5000);
    var r = daemon.store().require("m4");
    assertEquals(MachineState.FAILED, r.state());
    assertTrue(r.reason().orElse("").contains("cpuCores"), r.toString());
  }

  @Test
  @Order(5)
  void aMachineInASessionIsNotRemovedUntilReleasedAndAReadyOneIsWithdrawnAtOnce() throws Exception {
    var decision =
        daemon
            .admission()
            .admit(
                new AdmissionRequest(
                    "m2",
                    new Resources(4, 4096, 10, 1000, 0, ""),
                    Money.parse("EUR", "0.40"),
                    Optional.of(Duration.ofHours(1)),
                    "acct-customer-1",
                    Ed25519KeyPair.generate(new SecureRandom()).publicKey(),
                    "s-reload",
                    "po-1",
                    "2026-11-01"));
    assertTrue(decision instanceof AdmissionDecision.Admitted, decision::toString);
    daemon.provision("m2", "s-reload", Optional.empty(), List.of());
    eventually("m2 running", () -> daemon.store().require("m2").state() == MachineState.RUNNING);

    // The operator removes m2 (in a session), m3 (ready) and m4 (failed).
    write(inventory("", machine("m1", "")));
    until(o -> o.keySet().equals(Set.of("m1")), 5000);
    AuditEntry e = lastAudit("inventory-reloaded");
    assertEquals("m3; m4", e.details().get("removed"));
    assertEquals(
        "m2: removal waits until session s-reload is released", e.details().get("deferred"));
    assertTrue(daemon.inventory().machine("m2").isPresent(), "still managed");
    assertTrue(daemon.inventory().machine("m3").isEmpty(), "no longer managed");
    Thread.sleep(300); // several reconciler passes and polls: the customer keeps the machine
    assertEquals(MachineState.RUNNING, daemon.store().require("m2").state());
    assertTrue(daemon.store().require("m2").session().isPresent());

    // A machine whose removal waits takes no new session (after the release it goes).
    var held =
        daemon
            .admission()
            .admit(
                new AdmissionRequest(
                    "m2",
                    new Resources(1, 1024, 1, 100, 0, ""),
                    Money.parse("EUR", "0.40"),
                    Optional.of(Duration.ofHours(1)),
                    "acct-customer-2",
                    Ed25519KeyPair.generate(new SecureRandom()).publicKey(),
                    "s-held",
                    "po-h",
                    "2026-11-01"));
    assertTrue(
        held instanceof AdmissionDecision.Refused r && r.reason().code().equals("unknown-machine"),
        held::toString);

    // A removed machine can no longer be admitted.
    var refused =
        daemon
            .admission()
            .admit(
                new AdmissionRequest(
                    "m3",
                    new Resources(1, 1024, 1, 100, 0, ""),
                    Money.parse("EUR", "0.40"),
                    Optional.of(Duration.ofHours(1)),
                    "acct-customer-1",
                    Ed25519KeyPair.generate(new SecureRandom()).publicKey(),
                    "s-late",
                    "po-2",
                    "2026-11-01"));
    assertTrue(refused instanceof AdmissionDecision.Refused, refused::toString);

    // Released: wiped, and then the deferred removal applies.
    daemon.terminate("m2", "s-reload", "customer-ended");
    eventually("m2 retired", () -> daemon.inventory().machine("m2").isEmpty());
    assertEquals(MachineState.READY, daemon.store().require("m2").state(), "wiped first");
    assertEquals("m2", lastAudit("inventory-reloaded").details().get("removed"));
    Thread.sleep(200);
    assertEquals(Set.of("m1"), offers().keySet(), "a retired machine is not advertised again");
  }

  @Test
  @Order(6)
  void thePolicyAppliesAtOnce() throws Exception {
    write(
        inventory(
            "  policy: {blockedCustomers: [acct-customer-1]}\n  claimTimeoutSeconds: 300\n",
            machine("m1", "")));
    eventually(
        "the policy",
        () -> daemon.inventory().daemon().policy().blockedCustomers().contains("acct-customer-1"));
    AuditEntry e = lastAudit("inventory-reloaded");
    assertEquals("changed", e.details().get("policy"));
    assertEquals("daemon.claimTimeoutSeconds", e.details().get("restartNeeded"));
    var d =
        daemon
            .admission()
            .admit(
                new AdmissionRequest(
                    "m1",
                    new Resources(4, 4096, 10, 1000, 0, ""),
                    Money.parse("EUR", "0.40"),
                    Optional.of(Duration.ofHours(1)),
                    "acct-customer-1",
                    Ed25519KeyPair.generate(new SecureRandom()).publicKey(),
                    "s-blocked",
                    "po-3",
                    "2026-11-01"));
    assertTrue(
        d instanceof AdmissionDecision.Refused r && r.reason().code().equals("customer-blocked"),
        d::toString);
  }

  private interface Check {
    boolean get() throws Exception;
  }

  private static boolean uncheck(Check c) {
    try {
      return c.get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
