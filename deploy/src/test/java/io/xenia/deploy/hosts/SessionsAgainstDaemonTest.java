package io.xenia.deploy.hosts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.xenia.broker.search.SearchNetwork;
import io.xenia.hostdaemon.MachinePrerequisites;
import io.xenia.hostdaemon.enroll.HostIdentity;
import io.xenia.protocol.crypto.Ed25519PublicKey;
import io.xenia.protocol.records.Agreement;
import io.xenia.protocol.signing.RecordSignature;
import io.xenia.protocol.signing.SignedEnvelope;
import io.xenia.testsupport.OpenSsh;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5's session loop end to end: a real broker, {@code host-daemon run} as a child process with
 * fake machines (enrolled, heartbeating with its control endpoint, advertising into the broker's
 * search-dht node), and a customer on the broker's REST API: a session by query is admitted,
 * countersigned, provisioned and running; the customer verifies both signatures of the agreement,
 * follows the events (list and SSE), ends it (reason customer); another customer can neither see
 * nor end it; a purchase order too small is refused; and a daemon killed under a running session
 * ends it with host-unreachable.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SessionsAgainstDaemonTest {
  private static final Duration INTERVAL = Duration.ofMillis(500);
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  @TempDir static Path tmp;
  private static BrokerUnderTest broker;
  private static HostDaemonProcess daemon;
  private static HostIdentity identity;
  private static CustomerUnderTest customer;
  private static String customerKey;
  private static String order;
  private static String sshKey;

  @BeforeAll
  static void start() throws Exception {
    broker = BrokerUnderTest.start(tmp, INTERVAL, 2, 4, Duration.ofMillis(100));
    Path dir = tmp.resolve("host");
    BrokerUnderTest.Host host =
        broker.startHost(
            dir,
            "session-host",
            "defaults:",
            "  driver: fake",
            "  location: {region: eu-west-1}",
            "  prices: {currency: EUR, perHour: 0.40}",
            "machines:",
            "  - id: f1",
            "    facts: {cpuCores: 2, memoryMiB: 1024}",
            "  - id: f2",
            "    facts: {cpuCores: 4, memoryMiB: 4096}");
    identity = host.identity();
    daemon = host.daemon();

    customer = CustomerUnderTest.register(broker, "Cora Customer", "100.00");
    customer.describeFailuresWith(
        () -> {
          try {
            return broker.call(
                    "GET", "/v1/hosts/" + identity.hostId(), broker.operatorKey(), null, 200)
                + "\n"
                + daemon.output();
          } catch (Exception e) {
            return daemon.output() + "\n(host: " + e + ")";
          }
        });
    customerKey = customer.key;
    order = customer.order("20.00");
    sshKey = customer.sshPublicKey;
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (daemon != null) {
      daemon.kill();
    }
    if (broker != null) {
      broker.close();
    }
  }

  /** Waits until an ended session holds nothing: all it accrued was charged to the order. */
  private static JsonNode awaitSettled(String id) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    JsonNode s = broker.call("GET", "/v1/sessions/" + id, customerKey, null, 200);
    while (!s.path("reserved").path("amount").asText().equals("0.00")
        && System.nanoTime() < deadline) {
      Thread.sleep(100);
      s = broker.call("GET", "/v1/sessions/" + id, customerKey, null, 200);
    }
    assertEquals("0.00", s.path("reserved").path("amount").asText(), s::toString);
    assertEquals(
        s.path("accrued").path("amount").asText(), s.path("spent").path("amount").asText());
    return s;
  }

  @Test
  @Order(1)
  void aCustomerLeasesAMachineFollowsItVerifiesTheAgreementAndEndsIt() throws Exception {
    long t0 = System.nanoTime();
    JsonNode created =
        customer.createSession(
            Map.of(
                "purchaseOrderId",
                order,
                "query",
                "cpu>=2",
                "sshPublicKeys",
                List.of(sshKey),
                "durationSeconds",
                3600));
    long createdMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    JsonNode session = created.path("sessions").get(0);
    String id = session.path("id").asText();
    // Best fit: the 2-core machine, not the 4-core one.
    assertEquals("f1", session.path("machineId").asText(), session::toString);
    assertEquals(identity.hostId().toString(), session.path("hostId").asText());
    assertEquals("0.40", session.path("pricePerHour").path("amount").asText());
    assertEquals("0.40", session.path("reserved").path("amount").asText());
    // The region of the chosen offer's location, kept on the row for billing's reports.
    assertEquals("eu-west-1", session.path("region").asText(), session::toString);
    try (var db = broker.jdbc();
        var q = db.prepareStatement("SELECT region FROM session WHERE id = ?")) {
      q.setObject(1, java.util.UUID.fromString(session.path("id").asText()));
      var rs = q.executeQuery();
      assertTrue(rs.next());
      assertEquals("eu-west-1", rs.getString(1));
    }

    long r0 = System.nanoTime();
    JsonNode running = customer.awaitState(id, "running", Duration.ofSeconds(30));
    long runningMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - r0);
    assertEquals("running", running.path("state").asText(), running::toString);
    assertEquals("127.0.0.1", running.path("connection").path("host").asText());
    assertTrue(running.path("connection").path("port").asInt() > 0, running::toString);
    System.out.println(
        "SessionsAgainstDaemonTest: created (admitted, countersigned) in "
            + createdMs
            + " ms incl. waiting for ads; running "
            + runningMs
            + " ms later");

    // The agreement: one body, signed by the host's key and by the broker's.
    JsonNode agreement =
        broker.call("GET", "/v1/sessions/" + id + "/agreement", customerKey, null, 200);
    SignedEnvelope envelope =
        SignedEnvelope.fromJson(Base64.getUrlDecoder().decode(agreement.path("envelope").asText()));
    Ed25519PublicKey hostKey =
        Ed25519PublicKey.fromBase64Url(agreement.path("hostPublicKey").asText());
    Ed25519PublicKey brokerKey =
        Ed25519PublicKey.fromBase64Url(agreement.path("brokerPublicKey").asText());
    assertEquals(identity.hostKey().publicKey(), hostKey);
    byte[] input = SignedEnvelope.signingInput(envelope.type(), envelope.body());
    Set<Ed25519PublicKey> signers = new HashSet<>();
    for (RecordSignature sig : envelope.signatures()) {
      assertTrue(sig.signer().verify(input, sig.signature()), "a signature does not verify");
      signers.add(sig.signer());
    }
    assertEquals(Set.of(hostKey, brokerKey), signers);
    Agreement terms = envelope.open(Agreement.TYPE).record();
    assertEquals(id, terms.sessionId());
    assertEquals(order, terms.purchaseOrderId());
    assertEquals("f1", terms.machineId());

    // Another customer sees nothing and ends nothing.
    CustomerUnderTest other = CustomerUnderTest.register(broker, "Otto Other", "1.00");
    assertEquals(404, other.send("GET", "/v1/sessions/" + id, null).status());
    assertEquals(404, other.send("DELETE", "/v1/sessions/" + id, null).status());
    assertEquals(404, other.send("GET", "/v1/sessions/" + id + "/events", null).status());
    assertEquals(0, other.send("GET", "/v1/sessions", null).body().path("items").size());

    // Extend the lease by an hour: the host signs an amended agreement, the hold doubles.
    Instant newEnd = Instant.parse(running.path("leaseEnd").asText()).plus(Duration.ofHours(1));
    CustomerUnderTest.Answer extended =
        customer.send("PATCH", "/v1/sessions/" + id, Map.of("leaseEnd", newEnd.toString()));
    assertEquals(200, extended.status(), extended.body()::toString);
    assertEquals(newEnd, Instant.parse(extended.body().path("leaseEnd").asText()));
    // Held + already charged = two hours at 0.40.
    assertEquals(
        0,
        new java.math.BigDecimal(extended.body().path("reserved").path("amount").asText())
            .add(new java.math.BigDecimal(extended.body().path("spent").path("amount").asText()))
            .compareTo(new java.math.BigDecimal("0.80")),
        extended.body()::toString);
    assertTrue(
        !extended.body().path("agreementId").asText().equals(running.path("agreementId").asText()),
        extended.body()::toString);

    // The customer ends it.
    JsonNode ended = broker.call("DELETE", "/v1/sessions/" + id, customerKey, null, 200);
    assertEquals("ended", ended.path("state").asText());
    assertEquals("customer", ended.path("endReason").asText());
    JsonNode settled = awaitSettled(id);
    assertTrue(
        new java.math.BigDecimal(settled.path("spent").path("amount").asText()).signum() > 0,
        settled::toString);

    JsonNode events = broker.call("GET", "/v1/sessions/" + id + "/events", customerKey, null, 200);
    List<String> kinds = new ArrayList<>();
    events.forEach(e -> kinds.add(e.path("kind").asText()));
    assertEquals(
        List.of("requested", "admitted", "provisioning", "running", "modified", "ended"), kinds);

    // The same as Server-Sent Events; the stream closes after the final event.
    var sse =
        HTTP.send(
            HttpRequest.newBuilder(broker.base().resolve("/v1/sessions/" + id + "/events/stream"))
                .timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + customerKey)
                .header("Accept", "text/event-stream")
                .build(),
            HttpResponse.BodyHandlers.ofLines());
    assertEquals(200, sse.statusCode());
    List<String> names =
        sse.body()
            .filter(l -> l.startsWith("event:"))
            .map(l -> l.substring("event:".length()).strip())
            .collect(Collectors.toList());
    assertEquals(kinds, names);

    // The host released the machine: it can be leased again.
    JsonNode again =
        customer.createSession(
            Map.of(
                "purchaseOrderId",
                order,
                "hostId",
                identity.hostId().toString(),
                "machineId",
                "f1",
                "sshPublicKeys",
                List.of(sshKey),
                "durationSeconds",
                600));
    String second = again.path("sessions").get(0).path("id").asText();
    assertEquals(
        "running",
        customer.awaitState(second, "running", Duration.ofSeconds(30)).path("state").asText());
    broker.call("DELETE", "/v1/sessions/" + second, customerKey, null, 200);
  }

  @Test
  @Order(2)
  void anOrderThatCannotHoldThePriceIsRefused() throws Exception {
    String small = customer.order("0.10");
    // Open-ended: one hour at 0.40 must be held; the order has 0.10.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    CustomerUnderTest.Answer a;
    do {
      a =
          customer.send(
              "POST",
              "/v1/sessions",
              Map.of(
                  "purchaseOrderId", small, "query", "cpu>=2", "sshPublicKeys", List.of(sshKey)));
      Thread.sleep(100);
    } while (a.status() == 409 && System.nanoTime() < deadline);
    assertEquals(422, a.status(), a.body()::toString);
    assertEquals("urn:xenia:problem:insufficient-funds", a.body().path("type").asText());
    assertEquals(
        0,
        broker
            .call("GET", "/v1/sessions?state=admitted", customerKey, null, 200)
            .path("items")
            .size());
  }

  @Test
  @Order(3)
  void aMachineItsHostTakesBackEndsItsSessionWithHostReclaimed() throws Exception {
    JsonNode created =
        customer.createSession(
            Map.of(
                "purchaseOrderId",
                order,
                "query",
                "cpu>=2",
                "sshPublicKeys",
                List.of(sshKey),
                "durationSeconds",
                600));
    String id = created.path("sessions").get(0).path("id").asText();
    assertEquals(
        "running",
        customer.awaitState(id, "running", Duration.ofSeconds(30)).path("state").asText());
    // The host takes the machine back (as its operator would): a terminate on its control API,
    // over mTLS with the broker's own client identity.
    broker.terminateAtHost(identity.hostId(), id, "operator-maintenance");
    long t0 = System.nanoTime();
    JsonNode ended = customer.awaitState(id, "ended", Duration.ofSeconds(15));
    assertEquals("ended", ended.path("state").asText(), ended::toString);
    assertEquals("host-reclaimed", ended.path("endReason").asText(), ended::toString);
    System.out.println(
        "SessionsAgainstDaemonTest: host-reclaimed seen "
            + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)
            + " ms after the host's terminate");
  }

  @Test
  @Order(4)
  void aKilledDaemonEndsItsSessionsWithHostUnreachable() throws Exception {
    JsonNode created =
        customer.createSession(
            Map.of("purchaseOrderId", order, "query", "cpu>=4", "sshPublicKeys", List.of(sshKey)));
    String id = created.path("sessions").get(0).path("id").asText();
    assertEquals("f2", created.path("sessions").get(0).path("machineId").asText());
    assertEquals(
        "running",
        customer.awaitState(id, "running", Duration.ofSeconds(30)).path("state").asText());

    long killed = System.nanoTime();
    daemon.kill();
    JsonNode ended = customer.awaitState(id, "ended", Duration.ofSeconds(20));
    long endedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
    assertEquals("ended", ended.path("state").asText(), ended::toString);
    assertEquals("host-unreachable", ended.path("endReason").asText());
    awaitSettled(id);
    System.out.println(
        "SessionsAgainstDaemonTest: session ended host-unreachable "
            + endedMs
            + " ms after kill -9");
  }

  @Test
  @Order(5)
  void aNetnsMachineIsLeasedAndTheCustomerLogsInWithSsh() throws Exception {
    MachinePrerequisites.requireNetns("the netns session test");
    Path dir = tmp.resolve("netns-host");
    HostIdentity netnsHost = broker.enroll(dir.resolve("state"), "netns-host");
    var dht = broker.server().getApplicationContext().getBean(SearchNetwork.class).address();
    Path keyFile = dir.resolve("customer_ed25519");
    OpenSsh.exec(
        List.of(
            "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "cora", "-f", keyFile.toString()));
    String publicKey = Files.readString(Path.of(keyFile + ".pub")).strip();
    // A second key of the same session (not the agreement's): it must log in too.
    Path secondKeyFile = dir.resolve("colleague_ed25519");
    OpenSsh.exec(
        List.of(
            "ssh-keygen",
            "-q",
            "-t",
            "ed25519",
            "-N",
            "",
            "-C",
            "dana",
            "-f",
            secondKeyFile.toString()));
    String secondKey = Files.readString(Path.of(secondKeyFile + ".pub")).strip();
    try (var netns =
        HostDaemonProcess.start(
            dir.resolve("inventory.yaml"),
            HostDaemonProcess.inventory(
                dht.getPort(),
                "acct-operator-1",
                String.join(
                    "\n",
                    "machines:",
                    "  - id: ns-1",
                    "    driver: netns",
                    "    location: {region: eu-west-1}",
                    "    prices: {currency: EUR, perHour: 0.40}",
                    "    facts: {cpuCores: 1, memoryMiB: 256, diskGiB: 1, networkMbps: 1000}",
                    "    settings: {stateDir: " + dir.resolve("netns") + "}",
                    "")))) {
      daemon = netns;
      JsonNode created =
          customer.createSession(
              Map.of(
                  "purchaseOrderId",
                  order,
                  "hostId",
                  netnsHost.hostId().toString(),
                  "machineId",
                  "ns-1",
                  "sshPublicKeys",
                  List.of(publicKey, secondKey),
                  "durationSeconds",
                  600));
      String id = created.path("sessions").get(0).path("id").asText();
      long t0 = System.nanoTime();
      JsonNode running = customer.awaitState(id, "running", Duration.ofSeconds(60));
      assertEquals(
          "running", running.path("state").asText(), () -> running + "\n" + netns.output());
      long runningMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
      JsonNode c = running.path("connection");
      String hello =
          OpenSsh.run(
              keyFile,
              c.path("user").asText(),
              c.path("host").asText(),
              c.path("port").asInt(),
              "echo hello from $(hostname)");
      assertTrue(hello.contains("hello from"), hello);
      String second =
          OpenSsh.run(
              secondKeyFile,
              c.path("user").asText(),
              c.path("host").asText(),
              c.path("port").asInt(),
              "echo second key on $(hostname)");
      assertTrue(second.contains("second key on"), second);
      System.out.println(
          "SessionsAgainstDaemonTest: netns session running "
              + runningMs
              + " ms after the POST; ssh: "
              + hello.strip());
      JsonNode ended = broker.call("DELETE", "/v1/sessions/" + id, customerKey, null, 200);
      assertEquals("customer", ended.path("endReason").asText());
    }
  }
}
