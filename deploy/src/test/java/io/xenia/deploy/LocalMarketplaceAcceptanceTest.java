package io.xenia.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xenia.cli.Xenia;
import io.xenia.deploy.market.LocalMarket;
import io.xenia.deploy.market.MarketPlan;
import io.xenia.hostdaemon.MachinePrerequisites;
import io.xenia.testsupport.OpenSsh;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Issue 5's acceptance, tried as a new user would: the local marketplace started by the same code
 * as {@code ./xenia-local} (4 enrolled host daemons of 3 operators with netns machines, plus
 * simulated ones), then a new customer (registered through the API, funded by the admin) uses the
 * {@code xenia} command line: finds a machine with ≥ 2 cores in a region, leases it under a
 * purchase order with a fresh ed25519 key, logs in with real ssh, resizes and extends it, ends it
 * and sees the reason and the amount spent; leases a group of 3 with distinct owners; a daemon
 * killed under a running session ends it with host-unreachable and its spend stops; another
 * customer can neither see nor end the first one's session. Needs root and the netns packages.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalMarketplaceAcceptanceTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  @TempDir static Path tmp;
  private static RunningPlatform platform;
  private static LocalMarket market;
  private static URI api;
  private static Path config;
  private static Path otherConfig;
  private static Path key;
  private static String order;

  @BeforeAll
  static void start() throws Exception {
    MachinePrerequisites.requireNetns("the local marketplace acceptance test");
    long t0 = System.nanoTime();
    LocalPlatform launcher = new LocalPlatform();
    new CommandLine(launcher)
        .parseArgs(
            "--data-dir",
            tmp.resolve("data").toString(),
            "--port",
            "0",
            "--hosts",
            "4",
            // The catalogue is large enough to page and rank, small enough for a test's start.
            "--fake-machines",
            "200",
            "--ready-timeout",
            "150");
    platform = launcher.start(line -> System.out.println("[xenia-local] " + line));
    market = platform.market().orElseThrow();
    System.out.println(LocalPlatform.marketSection(platform));
    assertTrue(market.ready(), "the marketplace did not get ready");
    assertTrue(market.netnsUnavailable().isEmpty(), () -> market.netnsUnavailable().get());
    System.out.printf(
        "LocalMarketplaceAcceptanceTest: platform started in %.1f s, hosts ready %.1f s after"
            + " the broker (%d machines)%n",
        (System.nanoTime() - t0) / 1e9, market.readyNanos() / 1e9, market.machines());
    api = platform.apiUrl();

    // A new customer, as the README says: register through the API, the admin deposits.
    String customerKey = register("Nina Newcomer", "nina@example.com", "100.00");
    config = tmp.resolve("nina/config.json");
    Xenia.Outcome login = xenia(config, "login", "--api", api.toString(), "--key", customerKey);
    assertEquals(0, login.exit(), login::toString);
    otherConfig = tmp.resolve("otto/config.json");
    Xenia.Outcome otherLogin =
        xenia(
            otherConfig,
            "login",
            "--api",
            api.toString(),
            "--key",
            register("Otto Other", "otto@example.com", null));
    assertEquals(0, otherLogin.exit(), otherLogin::toString);
    key = tmp.resolve("nina/id_ed25519");
    OpenSsh.exec(
        List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "nina", "-f", key.toString()));

    Xenia.Outcome created =
        xenia(
            config,
            "orders",
            "create",
            "--amount",
            "30.00",
            "--currency",
            "EUR",
            "--expires-in",
            "7d",
            "-o",
            "json");
    assertEquals(0, created.exit(), created::toString);
    order = created.json().path("id").asText();
  }

  @AfterAll
  static void stop() {
    if (platform != null) {
      long t0 = System.nanoTime();
      boolean clean = platform.stop();
      System.out.printf(
          "LocalMarketplaceAcceptanceTest: stopped in %.1f s (clean: %s)%n",
          (System.nanoTime() - t0) / 1e9, clean);
      // Every netns machine wiped (its directory, namespaces and cgroup gone), every daemon gone.
      assertTrue(clean, "the platform did not stop cleanly");
      for (LocalMarket.RunningHost h : market.hosts()) {
        assertFalse(h.process().isAlive(), h.plan().name());
      }
    }
  }

  /** Registers a customer; deposits {@code deposit} EUR as the admin unless null; its key. */
  private static String register(String name, String email, String deposit) throws Exception {
    JsonNode created =
        http(
            "POST",
            "/v1/accounts",
            null,
            Map.of("kind", "customer", "name", name, "contactEmail", email),
            201);
    if (deposit != null) {
      http(
          "POST",
          "/v1/accounts/" + created.path("account").path("id").asText() + "/deposits",
          platform.adminApiKey(),
          Map.of(
              "amount",
              Map.of("amount", deposit, "currency", "EUR"),
              "externalReference",
              "acceptance-" + email),
          201);
    }
    return created.path("apiKey").path("token").asText();
  }

  private static JsonNode http(String method, String path, String key, Object body, int expected)
      throws Exception {
    var request =
        HttpRequest.newBuilder(api.resolve(path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    if (key != null) {
      request.header("Authorization", "Bearer " + key);
    }
    var response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(expected, response.statusCode(), response::body);
    return JSON.readTree(response.body());
  }

  private static Xenia.Outcome xenia(Path login, String... args) {
    return Xenia.runCapturing(Map.of("XENIA_CONFIG", login.toString()), args);
  }

  private static JsonNode show(String id) throws Exception {
    Xenia.Outcome show = xenia(config, "sessions", "show", id, "-o", "json");
    assertEquals(0, show.exit(), show::toString);
    return show.json();
  }

  /**
   * Waits until an ended session's usage is charged: the local platform charges metered usage
   * (billing, from the host's records every 5 s), so what it spent is settled once the host's last
   * records are in — spent is positive and stays put for three metering intervals. It is what the
   * machine time cost at the agreed price: never more than the broker's per-second estimate ({@code
   * accrued}) and at most a few intervals' worth less.
   */
  private static JsonNode awaitSettled(String id) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    JsonNode s = show(id);
    String spent = null;
    long stableSince = System.nanoTime();
    while (System.nanoTime() < deadline) {
      s = show(id);
      String now = s.path("spent").path("amount").asText();
      if (!now.equals(spent)) {
        spent = now;
        stableSince = System.nanoTime();
      } else if (s.path("state").asText().equals("ended")
          && new BigDecimal(now).signum() > 0
          && System.nanoTime() - stableSince > TimeUnit.SECONDS.toNanos(15)) {
        break;
      }
      Thread.sleep(500);
    }
    assertEquals("ended", s.path("state").asText(), s::toString);
    BigDecimal charged = new BigDecimal(s.path("spent").path("amount").asText());
    BigDecimal accrued = new BigDecimal(s.path("accrued").path("amount").asText());
    BigDecimal perHour = new BigDecimal(s.path("pricePerHour").path("amount").asText());
    BigDecimal slack =
        perHour
            .multiply(new BigDecimal(30))
            .divide(new BigDecimal(3600), 6, java.math.RoundingMode.UP);
    assertTrue(charged.signum() > 0, s::toString);
    assertTrue(
        charged.compareTo(accrued.add(slack)) <= 0, "charged " + charged + " > accrued " + accrued);
    assertTrue(
        charged.compareTo(accrued.subtract(slack)) >= 0,
        "charged " + charged + " ≪ accrued " + accrued);
    return s;
  }

  /** Waits until billing has charged some of the session's metered usage. */
  private static void awaitCharged(String id) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    JsonNode s = show(id);
    while (new BigDecimal(s.path("spent").path("amount").asText()).signum() == 0) {
      JsonNode seen = s;
      assertTrue(System.nanoTime() < deadline, () -> "nothing charged: " + seen);
      Thread.sleep(200);
      s = show(id);
    }
  }

  private static Xenia.Outcome create(String... options) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "sessions",
                "create",
                "--order",
                order,
                "--ssh-key",
                key + ".pub",
                "--timeout",
                "120s",
                "-o",
                "json"));
    args.addAll(List.of(options));
    return xenia(config, args.toArray(String[]::new));
  }

  @Test
  @Order(1)
  void aNewcomerFindsLeasesLogsInResizesExtendsAndEndsAMachine() throws Exception {
    // Find: ≥ 2 cores in eu-west-1 (the real machines; the simulated ones are in sim-*).
    Xenia.Outcome search =
        xenia(config, "offers", "search", "cpu>=2 region=eu-west-1", "-o", "json");
    assertEquals(0, search.exit(), search::toString);
    JsonNode offers = search.json().path("offers");
    assertTrue(offers.size() >= 3, search::out);
    for (JsonNode o : offers) {
      assertTrue(o.path("available").path("cpuCores").asInt() >= 2, o::toString);
      assertEquals("eu-west-1", o.path("location").path("region").asText());
    }
    Xenia.Outcome table = xenia(config, "offers", "search", "cpu>=1");
    assertEquals(0, table.exit(), table::toString);

    // Lease it under the order with the fresh key; the CLI follows it to running.
    long t0 = System.nanoTime();
    Xenia.Outcome created = create("-q", "cpu>=2 region=eu-west-1", "--duration", "1h");
    assertEquals(0, created.exit(), created::toString);
    JsonNode session = created.json().path("sessions").get(0);
    String id = session.path("id").asText();
    assertEquals("running", session.path("state").asText(), created::toString);
    assertTrue(session.path("machineId").asText().startsWith("ns-"), session::toString);
    System.out.printf(
        "LocalMarketplaceAcceptanceTest: leased and running in %d ms%n",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));

    // Another customer neither sees nor ends it (404: not theirs, as if it did not exist).
    Xenia.Outcome peek = xenia(otherConfig, "sessions", "show", id);
    assertEquals(3, peek.exit(), peek::toString);
    Xenia.Outcome steal = xenia(otherConfig, "sessions", "end", id);
    assertEquals(3, steal.exit(), steal::toString);
    Xenia.Outcome theirs = xenia(otherConfig, "sessions", "list", "-o", "json");
    assertEquals(0, theirs.exit(), theirs::toString);
    assertFalse(theirs.out().contains(id), theirs::out);

    // SSH in with the customer's own key: the command the CLI gives, run by real OpenSSH.
    Xenia.Outcome print = xenia(config, "ssh", id, "--print", "-i", key.toString());
    assertEquals(0, print.exit(), print::toString);
    Matcher m = Pattern.compile("ssh -p (\\d+) -i \\S+ (\\S+)@(\\S+)").matcher(print.out());
    assertTrue(m.find(), print::out);
    String hello =
        OpenSsh.run(key, m.group(2), m.group(3), Integer.parseInt(m.group(1)), "echo hi $(id -u)");
    assertTrue(hello.contains("hi 0"), hello);

    // Resize (the netns driver rewrites the cgroup limits live), then extend by an hour.
    Xenia.Outcome resize = xenia(config, "sessions", "resize", id, "--cpus", "1", "-o", "json");
    assertEquals(0, resize.exit(), resize::toString);
    Instant end = Instant.parse(show(id).path("leaseEnd").asText());
    Xenia.Outcome extend = xenia(config, "sessions", "extend", id, "--by", "1h", "-o", "json");
    assertEquals(0, extend.exit(), extend::toString);
    assertEquals(
        end.plus(Duration.ofHours(1)), Instant.parse(extend.json().path("leaseEnd").asText()));

    // End it once billing has charged some of its metered usage (the host meters every 5 s: a
    // lease of a second or two may well cost nothing): reason customer, and what it cost.
    awaitCharged(id);
    Xenia.Outcome ended = xenia(config, "sessions", "end", id, "-o", "json");
    assertEquals(0, ended.exit(), ended::toString);
    assertEquals("customer", ended.json().path("endReason").asText(), ended::toString);
    JsonNode settled = awaitSettled(id);
    assertTrue(
        new BigDecimal(settled.path("spent").path("amount").asText()).signum() > 0,
        settled::toString);
    Xenia.Outcome human = xenia(config, "sessions", "show", id);
    assertTrue(human.out().contains("customer"), human::out);
  }

  @Test
  @Order(2)
  void aGroupOfThreeLandsOnThreeDifferentOwners() throws Exception {
    Xenia.Outcome created =
        create(
            "-q", "cpu>=1 region=eu-*", "--count", "3", "--distinct-owners", "--duration", "30m");
    assertEquals(0, created.exit(), created::toString);
    JsonNode sessions = created.json().path("sessions");
    assertEquals(3, sessions.size(), created::out);
    Set<String> owners = new HashSet<>();
    for (JsonNode s : sessions) {
      assertEquals("running", s.path("state").asText(), s::toString);
      owners.add(owner(s.path("hostId").asText()));
    }
    assertEquals(3, owners.size(), () -> "owners " + owners + " of " + created.out());
    for (JsonNode s : sessions) {
      Xenia.Outcome ended = xenia(config, "sessions", "end", s.path("id").asText(), "-o", "json");
      assertEquals(0, ended.exit(), ended::toString);
      assertEquals("customer", ended.json().path("endReason").asText());
    }
  }

  private static String owner(String hostId) {
    return market.hosts().stream()
        .filter(h -> h.hostId().toString().equals(hostId))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no host " + hostId))
        .ownerAccountId();
  }

  @Test
  @Order(3)
  void aKilledDaemonEndsItsSessionWithHostUnreachableAndItsSpendStops() throws Exception {
    LocalMarket.RunningHost victim = market.hosts().get(market.hosts().size() - 1);
    String machine =
        victim.plan().machines().stream()
            .filter(MarketPlan.Machine::simulated)
            .findFirst()
            .orElseThrow()
            .id();
    Xenia.Outcome created =
        create("--host", victim.hostId().toString(), "--machine", machine); // open-ended
    assertEquals(0, created.exit(), created::toString);
    String id = created.json().path("sessions").get(0).path("id").asText();
    // Its netns machines wiped (from the tests before), so that the kill leaves nothing behind.
    awaitAllButOneReady(victim);
    // Billing has charged some of its metered usage: there is a spend to stop.
    awaitCharged(id);

    long killed = System.nanoTime();
    victim.process().kill();
    long deadline = killed + TimeUnit.SECONDS.toNanos(40);
    JsonNode s = show(id);
    while (!s.path("state").asText().equals("ended") && System.nanoTime() < deadline) {
      Thread.sleep(200);
      s = show(id);
    }
    assertEquals("host-unreachable", s.path("endReason").asText(), s::toString);
    System.out.printf(
        "LocalMarketplaceAcceptanceTest: host-unreachable %d ms after kill -9%n",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed));
    JsonNode settled = awaitSettled(id);
    JsonNode before = orderNow();
    Thread.sleep(6000); // more than a metering interval: nothing more is charged
    JsonNode after = orderNow();
    assertEquals(settled.path("spent"), show(id).path("spent"));
    assertEquals(before.path("spent"), after.path("spent"), after::toString);
    assertEquals(before.path("remaining"), after.path("remaining"), after::toString);
    assertNotEquals("0.00", settled.path("spent").path("amount").asText());
  }

  private static JsonNode orderNow() throws Exception {
    Xenia.Outcome list = xenia(config, "orders", "list", "-o", "json");
    assertEquals(0, list.exit(), list::toString);
    for (JsonNode o : list.json().path("items")) {
      if (o.path("id").asText().equals(order)) {
        return o;
      }
    }
    throw new AssertionError("order " + order + " not listed: " + list.out());
  }

  /** Waits until the host reports every machine but the leased one ready (wiped). */
  private static void awaitAllButOneReady(LocalMarket.RunningHost host) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    JsonNode h;
    do {
      h = http("GET", "/v1/hosts/" + host.hostId(), platform.adminApiKey(), null, 200);
      if (h.path("machinesReady").asInt() == h.path("machinesTotal").asInt() - 1) {
        return;
      }
      Thread.sleep(250);
    } while (System.nanoTime() < deadline);
    throw new AssertionError("host not settled: " + h);
  }
}
