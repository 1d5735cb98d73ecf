package io.xenia.broker.offers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.xenia.broker.search.SearchNetwork;
import io.xenia.broker.support.ApiClient;
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
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * GET /v1/offers against a real broker (embedded PostgreSQL) whose embedded DHT node is joined by
 * two in-process DHT nodes on real UDP/TCP, certified by the broker's CA, through which three hosts
 * publish signed advertisements into the offer index: ranking, paging, proximity, explain,
 * currencies, malformed queries, scopes, and an unreachable network.
 */
class OfferSearchApiTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Currency EUR = Currency.getInstance("EUR");
  private static final Currency USD = Currency.getInstance("USD");
  private static BrokerUnderTest broker;
  private static final List<UdpDhtNode> nodes = new ArrayList<>();
  private static final Ed25519KeyPair hostA = Ed25519KeyPair.generate(RANDOM);
  private static final Ed25519KeyPair hostB = Ed25519KeyPair.generate(RANDOM);
  private static final Ed25519KeyPair hostC = Ed25519KeyPair.generate(RANDOM);
  private static String customer;

  @BeforeAll
  static void start() throws Exception {
    broker = BrokerUnderTest.start("offers", Map.of("xenia.search.dht.rpc.timeout.ms", "500"));
    SearchNetwork network = broker.context().getBean(SearchNetwork.class);
    UdpDhtNode first = node(network, "host-node-1");
    UdpDhtNode second = node(network, "host-node-2");
    long seq = System.currentTimeMillis();
    publish(first, EUR, ad(hostA, "a1", "eu-west", 4, 8, "0.40", Set.of(), seq));
    publish(first, EUR, ad(hostA, "a2", "eu-west", 8, 32, "0.90", Set.of(), seq));
    publish(first, EUR, ad(hostA, "a3", "eu-north", 2, 4, "0.20", Set.of(), seq));
    publish(first, EUR, ad(hostB, "b1", "us-east", 16, 64, "1.50", Set.of(), seq));
    publish(first, EUR, ad(hostB, "b2", "eu-central", 4, 16, "0.55", Set.of("sev-snp"), seq));
    publish(second, EUR, ad(hostC, "c1", "eu-west", 2, 2, "0.10", Set.of(), seq));
    publish(second, EUR, ad(hostC, "c2", "us-west", 32, 128, "3.00", Set.of(), seq));
    publish(second, EUR, ad(hostC, "c3", "eu-west", 4, 8, "0.40", Set.of(), seq));
    publish(second, USD, ad(hostC, "c4", "us-west", 8, 16, "0.30", Set.of(), seq, USD));
    customer = new Marketplace(broker).customer("Sam Searcher").token();
  }

  @AfterAll
  static void stop() {
    nodes.forEach(UdpDhtNode::close);
    if (broker != null) {
      broker.close();
    }
  }

  /** A DHT node as a host daemon runs one: certified by the broker's CA, joined through it. */
  private static UdpDhtNode node(SearchNetwork network, String name) {
    Ed25519KeyPair key = Ed25519KeyPair.generate(RANDOM);
    UdpDhtNode node =
        UdpDhtNode.start(
            DhtConfig.defaults().withRpcTimeoutMillis(500),
            NodeIdentity.certified(
                key, network.issuer().issue(key.publicKey(), MembershipRole.SEARCH_NODE, name)),
            MembershipPolicy.requireCertificate(network.issuer().caPublicKey(), Clock.systemUTC()),
            new InetSocketAddress("127.0.0.1", 0));
    nodes.add(node);
    int table = node.join(List.of(network.address())).join();
    assertTrue(table >= 1, name + " joins the broker's node");
    return node;
  }

  private static Advertisement ad(
      Ed25519KeyPair host,
      String machine,
      String region,
      int cpu,
      long memGiB,
      String price,
      Set<String> tee,
      long sequence) {
    return ad(host, machine, region, cpu, memGiB, price, tee, sequence, EUR);
  }

  private static Advertisement ad(
      Ed25519KeyPair host,
      String machine,
      String region,
      int cpu,
      long memGiB,
      String price,
      Set<String> tee,
      long sequence,
      Currency currency) {
    Resources total = new Resources(cpu, memGiB * 1024, 100, 1000, 0, "");
    TreeMap<String, Money> perUnit = new TreeMap<>();
    perUnit.put("egress-gib", Money.parse(currency, "0.05"));
    return new Advertisement(
        Advertisement.VERSION,
        host.publicKey().fingerprint(),
        "owner-" + machine.charAt(0),
        machine,
        Location.region(region),
        total,
        total,
        new Capabilities(Set.of("image"), Set.of("debian-12"), tee),
        new PriceList(currency, Money.parse(currency, price), perUnit),
        sequence,
        Instant.now(),
        3600);
  }

  private static void publish(
      UdpDhtNode node, Currency currency, Advertisement ad, Ed25519KeyPair key) throws Exception {
    SearchIndex.create(node.node(), currency, Clock.systemUTC())
        .publish(SignedEnvelope.sign(Advertisement.TYPE, ad, key), key)
        .get(20, TimeUnit.SECONDS);
  }

  private static void publish(UdpDhtNode node, Currency currency, Advertisement ad)
      throws Exception {
    Ed25519KeyPair key =
        ad.hostId().equals(hostA.publicKey().fingerprint())
            ? hostA
            : ad.hostId().equals(hostB.publicKey().fingerprint()) ? hostB : hostC;
    publish(node, currency, ad, key);
  }

  private static ApiClient.Response search(String parameters) {
    return broker.api().get("/v1/offers?" + parameters, customer);
  }

  private static String q(String query) {
    return "q=" + URLEncoder.encode(query, StandardCharsets.UTF_8);
  }

  private static List<String> machines(JsonNode page) {
    List<String> out = new ArrayList<>();
    page.path("offers").forEach(o -> out.add(o.path("machineId").asText()));
    return out;
  }

  @Test
  void aQueryFindsTheMatchingOffersCheapestFirstWithPricesAsDecimalStrings() {
    var r = search(q("cpu>=4 region=eu-*"));
    assertEquals(200, r.status(), r::toString);
    // a1 and c3 cost the same: the tie is broken by hostId/machineId, so either order is stable.
    List<String> found = machines(r.body());
    assertEquals(4, found.size(), r::toString);
    assertEquals(Set.of("a1", "c3"), Set.copyOf(found.subList(0, 2)), r::toString);
    assertEquals(List.of("b2", "a2"), found.subList(2, 4), r::toString);
    assertEquals(4, r.body().path("total").asInt());
    assertEquals("EUR", r.body().path("currency").asText());
    assertEquals("price", r.body().path("sort").asText());
    assertTrue(r.body().path("nextPage").isMissingNode() || r.body().path("nextPage").isNull());

    JsonNode b2 = r.body().path("offers").get(2);
    assertEquals(hostB.publicKey().fingerprint(), b2.path("hostId").asText());
    assertEquals("owner-b", b2.path("ownerAccountId").asText());
    assertEquals("eu-central", b2.path("location").path("region").asText());
    assertEquals(4, b2.path("total").path("cpuCores").asInt());
    assertEquals(16 * 1024, b2.path("available").path("memoryMiB").asLong());
    assertEquals("sev-snp", b2.path("capabilities").path("teeKinds").get(0).asText());
    JsonNode perHour = b2.path("prices").path("perHour");
    assertTrue(perHour.path("amount").isTextual(), "money is a string, never a JSON number");
    assertEquals(Money.parse(EUR, "0.55").amount(), perHour.path("amount").asText());
    assertEquals("EUR", perHour.path("currency").asText());
    assertEquals(
        Money.parse(EUR, "0.05").amount(),
        b2.path("prices").path("perUnit").path("egress-gib").path("amount").asText());
  }

  @Test
  void pagesFollowTheCursorWithoutGapsOrRepeats() {
    var whole = search(q("cpu>=1") + "&pageSize=100");
    assertEquals(200, whole.status(), whole::toString);
    List<String> all = machines(whole.body());
    assertEquals(8, all.size(), whole::toString);

    List<String> paged = new ArrayList<>();
    String page = null;
    int pages = 0;
    do {
      var r = search(q("cpu>=1") + "&pageSize=3" + (page == null ? "" : "&page=" + page));
      assertEquals(200, r.status(), r::toString);
      assertEquals(8, r.body().path("total").asInt());
      paged.addAll(machines(r.body()));
      JsonNode next = r.body().path("nextPage");
      page = next.isTextual() ? next.asText() : null;
      pages++;
    } while (page != null && pages < 10);
    assertEquals(3, pages);
    assertEquals(all, paged);

    var foreign = search(q("cpu>=2") + "&pageSize=3&page=" + firstCursor("cpu>=1"));
    assertEquals(400, foreign.status(), foreign::toString);
    assertEquals("validation-failed", foreign.problemType());
    assertEquals("page", foreign.body().path("errors").get(0).path("field").asText());
  }

  private static String firstCursor(String query) {
    return search(q(query) + "&pageSize=3").body().path("nextPage").asText();
  }

  @Test
  void sortByRttRanksByProximityToTheNearHost() {
    String near = hostA.publicKey().fingerprint();
    var r = search(q("cpu>=1 near=" + near) + "&sort=rtt");
    assertEquals(200, r.status(), r::toString);
    assertEquals("rtt", r.body().path("sort").asText());
    assertEquals(8, r.body().path("offers").size());
    long previous = -1;
    for (JsonNode offer : r.body().path("offers")) {
      assertTrue(offer.path("estimatedRttMillis").isIntegralNumber(), offer::toString);
      long rtt = offer.path("estimatedRttMillis").asLong();
      assertTrue(rtt >= previous, r::toString);
      previous = rtt;
    }
    // near= alone ranks by RTT too; rtt without near= and price with near= are refused.
    assertEquals("rtt", search(q("cpu>=1 near=" + near)).body().path("sort").asText());
    var noNear = search(q("cpu>=1") + "&sort=rtt");
    assertEquals(400, noNear.status(), noNear::toString);
    assertEquals("sort", noNear.body().path("errors").get(0).path("field").asText());
    assertEquals(400, search(q("cpu>=1 near=" + near) + "&sort=price").status());
    assertEquals(400, search(q("cpu>=1") + "&sort=distance").status());
  }

  @Test
  void explainCountsExclusionsPerTermAndNamesTheNearestRelaxations() {
    var r = search(q("cpu>=8 region=eu-* price<=0.50") + "&explain=true");
    assertEquals(200, r.status(), r::toString);
    assertEquals(0, r.body().path("offers").size(), r::toString);
    JsonNode e = r.body().path("explanation");
    assertEquals(0, e.path("matches").asInt(), e::toString);
    assertEquals(3, e.path("terms").size(), e::toString);
    JsonNode cpu = e.path("terms").get(0);
    assertEquals("cpu>=8", cpu.path("term").asText());
    // a1, c3 (4 cores), a3, c1 (2 cores): in the EU at <= 0.50, they fail only cpu>=8.
    assertEquals(4, cpu.path("onlyBlocker").asInt(), e::toString);
    JsonNode price = e.path("terms").get(2);
    // a2 (8 cores, eu, 0.90) fails only the price.
    assertEquals(1, price.path("onlyBlocker").asInt(), e::toString);
    boolean relaxedPrice = false;
    boolean relaxedCpu = false;
    for (JsonNode relaxation : e.path("relaxations")) {
      if (relaxation.path("relaxed").asText().equals("cpu>=4")) {
        relaxedCpu = true;
        assertEquals(2, relaxation.path("added").asInt(), relaxation::toString);
      }
      if (relaxation.path("relaxed").asText().startsWith("price<=")) {
        relaxedPrice = true;
        assertEquals(1, relaxation.path("added").asInt(), relaxation::toString);
        assertTrue(relaxation.path("description").asText().contains("would add 1 offer"));
      }
    }
    assertTrue(relaxedPrice, e::toString);
    assertTrue(relaxedCpu, "the nearest cpu bound admitting something is cpu>=4: " + e);
    assertTrue(search(q("cpu>=8")).body().path("explanation").isMissingNode());
  }

  @Test
  void eachCurrencyHasItsOwnIndex() {
    var usd = search(q("cpu>=1") + "&currency=USD");
    assertEquals(200, usd.status(), usd::toString);
    assertEquals(List.of("c4"), machines(usd.body()));
    assertEquals(
        "USD",
        usd.body().path("offers").get(0).path("prices").path("perHour").path("currency").asText());
    var bad = search(q("cpu>=1") + "&currency=euro");
    assertEquals(400, bad.status(), bad::toString);
    assertEquals("currency", bad.body().path("errors").get(0).path("field").asText());
  }

  @Test
  void malformedQueriesAreProblemsNamingTheBadTokenAndItsPosition() {
    assertInvalid("cpu>=4 colour=red", "colour", 7);
    assertInvalid("cpu>=4 mem>=64XB", "XB", 14);
    assertInvalid("cpu>>4", ">", 4);
    var missing = broker.api().get("/v1/offers", customer);
    assertEquals(400, missing.status(), missing::toString);
    assertEquals("validation-failed", missing.problemType());
    for (String size : List.of("0", "101", "x")) {
      var r = search(q("cpu>=1") + "&pageSize=" + size);
      assertEquals(400, r.status(), r::toString);
    }
  }

  private static void assertInvalid(String query, String token, int offset) {
    var r = search(q(query));
    assertEquals(400, r.status(), r::toString);
    assertTrue(r.contentType().startsWith("application/problem+json"), r::toString);
    assertEquals("urn:xenia:problem:invalid-query", r.body().path("type").asText(), r::toString);
    assertEquals(token, r.body().path("token").asText(), r::toString);
    assertEquals(offset, r.body().path("offset").asInt(), r::toString);
    assertEquals(query, r.body().path("query").asText(), r::toString);
    assertTrue(r.body().path("detail").asText().contains(token), r::toString);
  }

  @Test
  void searchingNeedsAKeyWithOffersRead() {
    var anonymous = broker.api().get("/v1/offers?" + q("cpu>=1"), null);
    assertEquals(401, anonymous.status(), anonymous::toString);
    String finance = new Marketplace(broker).register("finance", "Fran Finance").token();
    var forbidden = broker.api().get("/v1/offers?" + q("cpu>=1"), finance);
    assertEquals(403, forbidden.status(), forbidden::toString);
    assertEquals("offers:read", forbidden.body().path("requiredScope").asText());
    var admin = broker.api().get("/v1/offers?" + q("cpu>=1"), broker.adminToken());
    assertEquals(200, admin.status(), admin::toString);
  }

  @Test
  void anUnreachableSearchNetworkIsA503ProblemNotAnError() throws Exception {
    int closedPort;
    try (DatagramSocket socket = new DatagramSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    try (BrokerUnderTest lonely =
        BrokerUnderTest.start(
            "offers_lonely", Map.of("xenia.search.seeds", "127.0.0.1:" + closedPort))) {
      String key = new Marketplace(lonely).customer("Lou Lonely").token();
      var r = lonely.api().get("/v1/offers?" + q("cpu>=1"), key);
      assertEquals(503, r.status(), r::toString);
      assertEquals("urn:xenia:problem:search-unavailable", r.body().path("type").asText());
      assertTrue(r.body().path("detail").asText().contains("not joined"), r::toString);
      // Bad input is still the caller's error, reported before the network is consulted.
      assertEquals(400, lonely.api().get("/v1/offers?" + q("cpu>>1"), key).status());
    }
    assertFalse(search(q("cpu>=1")).status() >= 500);
  }
}
