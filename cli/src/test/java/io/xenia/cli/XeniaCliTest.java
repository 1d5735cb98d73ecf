package io.xenia.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xenia.broker.search.SearchNetwork;
import io.xenia.broker.support.BrokerUnderTest;
import io.xenia.broker.support.Marketplace;
import io.xenia.dht.DhtConfig;
import io.xenia.dht.index.SearchIndex;
import io.xenia.dht.security.MembershipPolicy;
import io.xenia.dht.security.MembershipRole;
import io.xenia.dht.security.NodeIdentity;
import io.xenia.dht.server.UdpDhtNode;
import io.xenia.protocol.crypto.Ed25519KeyPair;
import io.xenia.protocol.money.Money;
import io.xenia.protocol.records.Advertisement;
import io.xenia.protocol.records.Capabilities;
import io.xenia.protocol.records.Location;
import io.xenia.protocol.records.PriceList;
import io.xenia.protocol.records.Resources;
import io.xenia.protocol.signing.SignedEnvelope;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code xenia} command line against a real broker (the broker's own test harness: embedded
 * PostgreSQL, HTTP on loopback) whose search node holds signed ads a real DHT node published:
 * login, search in both output forms, an orders round trip, problem output and the exit codes.
 */
class XeniaCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Currency EUR = Currency.getInstance("EUR");
  private static BrokerUnderTest broker;
  private static UdpDhtNode host;
  private static String api;
  private static String customerKey;
  @TempDir static Path home;
  private static Path config;

  /** One run of the CLI. */
  @BeforeAll
  static void start() throws Exception {
    broker = BrokerUnderTest.start("cli");
    api =
        "http://127.0.0.1:"
            + broker.context().getBean(io.micronaut.runtime.server.EmbeddedServer.class).getPort();
    Marketplace market = new Marketplace(broker);
    Marketplace.Party customer = market.customer("Cleo Cli");
    market.deposit(customer, "100.00", "EUR");
    customerKey = customer.token();
    config = home.resolve("xdg/xenia/config.json");

    SearchNetwork network = broker.context().getBean(SearchNetwork.class);
    Ed25519KeyPair nodeKey = Ed25519KeyPair.generate(RANDOM);
    host =
        UdpDhtNode.start(
            DhtConfig.defaults().withRpcTimeoutMillis(500),
            NodeIdentity.certified(
                nodeKey,
                network
                    .issuer()
                    .issue(nodeKey.publicKey(), MembershipRole.SEARCH_NODE, "cli-host")),
            MembershipPolicy.requireCertificate(network.issuer().caPublicKey(), Clock.systemUTC()),
            new InetSocketAddress("127.0.0.1", 0));
    assertTrue(host.join(List.of(network.address())).join() >= 1);
    Ed25519KeyPair hostKey = Ed25519KeyPair.generate(RANDOM);
    SearchIndex index = SearchIndex.create(host.node(), EUR, Clock.systemUTC());
    long sequence = System.currentTimeMillis();
    for (Object[] m :
        List.of(
            new Object[] {"m-small", "eu-west", 2, 4L, "0.20"},
            new Object[] {"m-medium", "eu-west", 4, 16L, "0.40"},
            new Object[] {"m-large", "us-east", 16, 64L, "1.50"})) {
      Resources r = new Resources((int) m[2], (long) m[3] * 1024, 50, 1000, 0, "");
      Advertisement ad =
          new Advertisement(
              Advertisement.VERSION,
              hostKey.publicKey().fingerprint(),
              "owner-1",
              (String) m[0],
              Location.region((String) m[1]),
              r,
              r,
              new Capabilities(Set.of("image"), Set.of("debian-12"), Set.of()),
              PriceList.hourly(Money.parse(EUR, (String) m[4])),
              sequence,
              Instant.now(),
              3600);
      index
          .publish(SignedEnvelope.sign(Advertisement.TYPE, ad, hostKey), hostKey)
          .get(20, TimeUnit.SECONDS);
    }
    Xenia.Outcome login = xenia("login", "--api", api, "--key", customerKey);
    assertEquals(0, login.exit(), login::toString);
  }

  @AfterAll
  static void stop() {
    if (host != null) {
      host.close();
    }
    if (broker != null) {
      broker.close();
    }
  }

  /** Runs the CLI with the test's login file (through XENIA_CONFIG, as a user could). */
  static Xenia.Outcome xenia(String... args) {
    return xeniaWith(Map.of("XENIA_CONFIG", config.toString()), args);
  }

  static Xenia.Outcome xeniaWith(Map<String, String> env, String... args) {
    return Xenia.runCapturing(env, args);
  }

  @Test
  void loginKeepsTheKeyInAnOwnerOnlyFileAndRefusesUnknownKeys() throws Exception {
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(config)));
    assertEquals(
        "rwx------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(config.getParent())));
    JsonNode stored = JSON.readTree(config.toFile());
    assertEquals(api, stored.path("api").asText());
    assertEquals(customerKey, stored.path("key").asText());

    // XDG_CONFIG_HOME decides the default place.
    Path xdg = home.resolve("other-xdg");
    Xenia.Outcome xdgLogin =
        xeniaWith(
            Map.of("XDG_CONFIG_HOME", xdg.toString()),
            "login",
            "--api",
            api,
            "--key",
            customerKey,
            "-o",
            "json");
    assertEquals(0, xdgLogin.exit(), xdgLogin::toString);
    assertEquals(
        xdg.resolve("xenia/config.json").toString(), xdgLogin.json().path("config").asText());

    Path elsewhere = home.resolve("refused/config.json");
    String unknown = "xk_" + UUID.randomUUID().toString().replace("-", "") + "_" + "A".repeat(43);
    Xenia.Outcome refused =
        xenia("login", "--api", api, "--key", unknown, "--config", elsewhere.toString());
    assertEquals(ExitCodes.REFUSED, refused.exit(), refused::toString);
    assertTrue(refused.err().contains("unauthenticated"), refused::toString);
    assertFalse(Files.exists(elsewhere), "nothing is stored for a refused key");

    int closed;
    try (DatagramSocket s = new DatagramSocket(0)) {
      closed = s.getLocalPort();
    }
    Xenia.Outcome down =
        xenia(
            "login",
            "--api",
            "http://127.0.0.1:" + closed,
            "--key",
            customerKey,
            "--config",
            elsewhere.toString());
    assertEquals(ExitCodes.UNAVAILABLE, down.exit(), down::toString);
    assertTrue(down.err().contains("cannot reach the broker"), down::toString);

    assertEquals(ExitCodes.USAGE, xenia("login", "--api", api).exit());
    assertEquals(ExitCodes.USAGE, xenia("login", "--api", "ftp://x", "--key", customerKey).exit());
    Xenia.Outcome notLoggedIn =
        xenia("orders", "list", "--config", home.resolve("nobody.json").toString());
    assertEquals(ExitCodes.REFUSED, notLoggedIn.exit(), notLoggedIn::toString);
    assertTrue(notLoggedIn.err().contains("xenia login"), notLoggedIn::toString);
  }

  @Test
  void offersSearchPrintsATableOrTheApiJson() throws Exception {
    Xenia.Outcome table = xenia("offers", "search", "cpu>=4 region=eu-*");
    assertEquals(0, table.exit(), table::toString);
    assertTrue(table.out().startsWith("HOST"), table::toString);
    assertTrue(table.out().contains("m-medium"), table::toString);
    assertTrue(table.out().contains("0.40 EUR"), table::toString);
    assertFalse(table.out().contains("m-small"), table::toString);
    assertTrue(table.out().contains("1 of 1 offer matching"), table::toString);

    Xenia.Outcome json =
        xenia("offers", "search", "cpu>=1", "--output", "json", "--page-size", "2");
    assertEquals(0, json.exit(), json::toString);
    JsonNode page = json.json();
    assertEquals(3, page.path("total").asInt());
    assertEquals("m-small", page.path("offers").get(0).path("machineId").asText());
    assertEquals(
        "0.20", page.path("offers").get(0).path("prices").path("perHour").path("amount").asText());
    Xenia.Outcome next =
        xenia(
            "offers",
            "search",
            "cpu>=1",
            "-o",
            "json",
            "--page-size",
            "2",
            "--page",
            page.path("nextPage").asText());
    assertEquals(
        "m-large", next.json().path("offers").get(0).path("machineId").asText(), next::toString);

    Xenia.Outcome explained = xenia("offers", "search", "cpu>=32", "--explain");
    assertEquals(0, explained.exit(), explained::toString);
    assertTrue(explained.out().contains("ONLY BLOCKER"), explained::toString);
    assertTrue(explained.out().contains("cpu>=16 would add 1 offer"), explained::toString);
  }

  @Test
  void aMalformedQueryIsAUsageErrorShowingTheBadToken() throws Exception {
    Xenia.Outcome bad = xenia("offers", "search", "cpu>=4 colour=red");
    assertEquals(ExitCodes.USAGE, bad.exit(), bad::toString);
    assertEquals("", bad.out());
    assertTrue(bad.err().contains("invalid-query, HTTP 400"), bad::toString);
    assertTrue(bad.err().contains("cpu>=4 colour=red\n           ^^^^^^"), bad::toString);

    Xenia.Outcome json = xenia("offers", "search", "cpu>=4 colour=red", "-o", "json");
    assertEquals(ExitCodes.USAGE, json.exit());
    JsonNode problem = JSON.readTree(json.err());
    assertEquals("urn:xenia:problem:invalid-query", problem.path("type").asText());
    assertEquals(7, problem.path("offset").asInt());

    Xenia.Outcome rtt = xenia("offers", "search", "cpu>=1", "--sort", "rtt");
    assertEquals(ExitCodes.USAGE, rtt.exit(), rtt::toString);
    assertTrue(rtt.err().contains("- sort:"), rtt::toString);
    assertEquals(ExitCodes.USAGE, xenia("offers", "search").exit());
    assertEquals(ExitCodes.USAGE, xenia("offers", "find", "cpu>=1").exit());
    assertEquals(ExitCodes.USAGE, xenia().exit());
  }

  @Test
  void ordersCreateListCancelRoundTrip() throws Exception {
    Xenia.Outcome created =
        xenia(
            "orders",
            "create",
            "--amount",
            "30.00",
            "--currency",
            "EUR",
            "--expires-in",
            "2h",
            "--description",
            "cli test",
            "-o",
            "json");
    assertEquals(0, created.exit(), created::toString);
    JsonNode order = created.json();
    String id = order.path("id").asText();
    assertEquals("open", order.path("status").asText());
    assertEquals("30.00", order.path("amountLimit").path("amount").asText());

    Xenia.Outcome list = xenia("orders", "list", "--status", "open", "-o", "json");
    assertEquals(0, list.exit(), list::toString);
    List<String> ids = new ArrayList<>();
    list.json().path("items").forEach(o -> ids.add(o.path("id").asText()));
    assertTrue(ids.contains(id), list::toString);
    Xenia.Outcome table = xenia("orders", "list");
    assertTrue(table.out().startsWith("ID"), table::toString);
    assertTrue(table.out().contains(id) && table.out().contains("30.00 EUR"), table::toString);

    Xenia.Outcome cancelled = xenia("orders", "cancel", id, "-o", "json");
    assertEquals(0, cancelled.exit(), cancelled::toString);
    assertEquals("cancelled", cancelled.json().path("status").asText());

    Xenia.Outcome again = xenia("orders", "cancel", id);
    assertEquals(ExitCodes.REFUSED, again.exit(), again::toString);
    assertTrue(again.err().contains("purchase-order-not-open, HTTP 409"), again::toString);
    Xenia.Outcome missing = xenia("orders", "cancel", UUID.randomUUID().toString());
    assertEquals(ExitCodes.NOT_FOUND, missing.exit(), missing::toString);
    Xenia.Outcome tooMuch = xenia("orders", "create", "--amount", "1000.00");
    assertEquals(ExitCodes.REFUSED, tooMuch.exit(), tooMuch::toString);
    assertTrue(tooMuch.err().contains("insufficient-funds"), tooMuch::toString);
    Xenia.Outcome badAmount = xenia("orders", "create", "--amount", "ten");
    assertEquals(ExitCodes.USAGE, badAmount.exit(), badAmount::toString);
    assertTrue(badAmount.err().contains("amountLimit"), badAmount::toString);
    assertEquals(
        ExitCodes.USAGE,
        xenia("orders", "create", "--amount", "5.00", "--expires-in", "soon").exit());
    assertEquals(ExitCodes.USAGE, xenia("orders", "cancel", "not-an-id").exit());
  }
}
