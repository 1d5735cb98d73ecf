package io.xenia.hostdaemon.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xenia.protocol.crypto.Ed25519KeyPair;
import io.xenia.protocol.encoding.CanonicalJson;
import io.xenia.protocol.money.Money;
import io.xenia.protocol.records.Agreement;
import io.xenia.protocol.records.LeaseEnd;
import io.xenia.protocol.records.PriceList;
import io.xenia.protocol.records.Resources;
import io.xenia.protocol.signing.SignedEnvelope;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The control API on real TLS sockets on 127.0.0.1: a broker-signed client is served, a client of
 * another CA and a revoked one are refused in the handshake; admission, sessions and the event
 * stream through the port.
 */
class ControlApiServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TestCa hostCa = new TestCa("Xenia host CA");
  private static final TestCa otherCa = new TestCa("Somebody else's CA");
  private static final InTestHostControl control = new InTestHostControl();
  private static RevocationList revocations;
  private static ControlApiServer server;
  private static HttpClient broker;

  @BeforeAll
  static void start() throws Exception {
    var host = hostCa.issue("host-1");
    revocations = new RevocationList(List.of(hostCa.certificate()));
    SSLContext tls =
        ControlTls.context(
            host.key().getPrivate(),
            host.certificate(),
            List.of(hostCa.certificate()),
            revocations);
    server = ControlApiServer.start(new InetSocketAddress("127.0.0.1", 0), tls, control);
    broker = client(hostCa.issue("broker-a"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static HttpClient client(TestCa.Leaf identity) throws Exception {
    KeyStore keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    keys.setKeyEntry(
        "client",
        identity.key().getPrivate(),
        new char[0],
        new X509Certificate[] {identity.certificate()});
    var kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, new char[0]);
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", hostCa.certificate());
    var tmf = TrustManagerFactory.getInstance("PKIX");
    tmf.init(trust);
    SSLContext context = SSLContext.getInstance("TLSv1.3");
    context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), new SecureRandom());
    return HttpClient.newBuilder()
        .sslContext(context)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }

  private static URI uri(String path) {
    return URI.create("https://127.0.0.1:" + server.port() + path);
  }

  private static HttpResponse<String> post(HttpClient client, String path, String body)
      throws IOException, InterruptedException {
    return client.send(
        HttpRequest.newBuilder(uri(path))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(HttpClient client, String path)
      throws IOException, InterruptedException {
    return client.send(
        HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static String admission(String machine, String session) {
    var customer = Ed25519KeyPair.generate(new SecureRandom());
    TreeMap<String, Money> perUnit = new TreeMap<>();
    perUnit.put("egress-gib", Money.parse("EUR", "0.05"));
    var agreement =
        new Agreement(
            1,
            "agr-" + session,
            session,
            control.hostKey.publicKey().fingerprint(),
            machine,
            "acct-customer-1",
            customer.publicKey(),
            "po-1",
            new Resources(4, 8192, 100, 1000, 0, ""),
            new PriceList(Currency.getInstance("EUR"), Money.parse("EUR", "0.40"), perUnit),
            Instant.parse("2026-12-01T00:00:00Z"),
            new LeaseEnd.Fixed(Instant.parse("2026-12-02T00:00:00Z")),
            "2026-11-01");
    return "{\"agreement\":" + CanonicalJson.encodeToString(agreement.toCanonical()) + "}";
  }

  @Test
  void aBrokerSignedClientIsAdmittedAndGetsTheHostSignedAgreement() throws Exception {
    var r = post(broker, "/v1/admissions", admission("m-admit", "s-admit"));
    assertEquals(201, r.statusCode(), r::body);
    JsonNode body = JSON.readTree(r.body());
    assertEquals("admitted", body.path("decision").asText());
    var envelope =
        SignedEnvelope.fromJson(body.path("agreement").toString().getBytes(StandardCharsets.UTF_8));
    var signed = envelope.open(Agreement.TYPE);
    assertEquals("s-admit", signed.record().sessionId());
    assertTrue(
        control.callers.stream().anyMatch(c -> c.subject().contains("broker-a")),
        control.callers::toString);

    var again = post(broker, "/v1/admissions", admission("m-admit", "s-other"));
    assertEquals(409, again.statusCode(), again::body);
    assertEquals("machine-unavailable", JSON.readTree(again.body()).path("reason").asText());
  }

  @Test
  void concurrentAdmissionsForOneMachineHaveExactlyOneWinner() throws Exception {
    int racers = 12;
    var pool = Executors.newFixedThreadPool(racers);
    try {
      List<Callable<HttpResponse<String>>> calls = new ArrayList<>();
      for (int i = 0; i < racers; i++) {
        String body = admission("m-race", "s-race-" + i);
        calls.add(() -> post(broker, "/v1/admissions", body));
      }
      int won = 0;
      for (Future<HttpResponse<String>> f : pool.invokeAll(calls)) {
        int status = f.get().statusCode();
        assertTrue(status == 201 || status == 409, f.get()::body);
        won += status == 201 ? 1 : 0;
      }
      assertEquals(1, won);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aClientOfAnotherCaIsRefusedInTheHandshake() throws Exception {
    var stranger = client(otherCa.issue("broker-impostor"));
    assertThrows(IOException.class, () -> get(stranger, "/v1/status"));
    var noCertificate = HttpClient.newBuilder().sslContext(trustOnly()).build();
    assertThrows(IOException.class, () -> get(noCertificate, "/v1/status"));
  }

  @Test
  void aRevokedClientIsRefusedOnceTheCrlListsIt() throws Exception {
    var revokedIdentity = hostCa.issue("broker-revoked");
    var before = client(revokedIdentity);
    assertEquals(200, get(before, "/v1/status").statusCode());
    // A forged CRL (another CA) changes nothing; the host CA's does.
    assertTrue(
        !revocations.update(
            otherCa.crl(List.of(revokedIdentity.certificate().getSerialNumber()), 1)));
    assertTrue(
        revocations.update(
            hostCa.crl(List.of(revokedIdentity.certificate().getSerialNumber()), 2)));
    var after = client(revokedIdentity); // a new connection: a new handshake
    assertThrows(IOException.class, () -> get(after, "/v1/status"));
    assertEquals(200, get(client(hostCa.issue("broker-b")), "/v1/status").statusCode());
  }

  @Test
  void sessionsAndTheEventStream() throws Exception {
    var stream =
        broker.sendAsync(
            HttpRequest.newBuilder(uri("/v1/events?after=0")).GET().build(),
            HttpResponse.BodyHandlers.ofLines());
    assertEquals(
        201, post(broker, "/v1/admissions", admission("m-events", "s-events")).statusCode());
    var provisioned =
        post(
            broker,
            "/v1/sessions/s-events/provision",
            "{\"imageUrl\":\"http://127.0.0.1/i\",\"imageSha256\":\"abc\"}");
    assertEquals(202, provisioned.statusCode(), provisioned::body);
    assertEquals("provisioning", JSON.readTree(provisioned.body()).path("state").asText());
    assertEquals(200, get(broker, "/v1/sessions/s-events").statusCode());
    var missing = get(broker, "/v1/sessions/nope");
    assertEquals(404, missing.statusCode());
    assertTrue(JSON.readTree(missing.body()).path("type").asText().endsWith("not-found"));
    var bad = post(broker, "/v1/sessions/s-events/modify", "{\"cpus\":0}");
    assertEquals(400, bad.statusCode(), bad::body);
    assertEquals(400, post(broker, "/v1/admissions", "{\"agreement\":{}}").statusCode());
    var terminated = post(broker, "/v1/sessions/s-events/terminate", "{\"reason\":\"customer\"}");
    assertEquals("releasing", JSON.readTree(terminated.body()).path("state").asText());

    var lines = stream.get(10, TimeUnit.SECONDS);
    assertEquals(200, lines.statusCode());
    assertEquals("text/event-stream", lines.headers().firstValue("Content-Type").orElse(""));
    List<String> states = new ArrayList<>();
    var it = lines.body().iterator();
    long deadline = System.currentTimeMillis() + 10_000;
    while (!states.contains("s-events:releasing") && System.currentTimeMillis() < deadline) {
      String line = it.next();
      if (line.startsWith("data: ")) {
        JsonNode event = JSON.readTree(line.substring(6));
        states.add(event.path("sessionId").asText() + ":" + event.path("state").asText());
      }
    }
    assertTrue(
        states.containsAll(
            List.of("s-events:claimed", "s-events:provisioning", "s-events:releasing")),
        states::toString);
    lines.body().close();
  }

  private static SSLContext trustOnly() throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", hostCa.certificate());
    var tmf = TrustManagerFactory.getInstance("PKIX");
    tmf.init(trust);
    SSLContext context = SSLContext.getInstance("TLSv1.3");
    context.init(null, tmf.getTrustManagers(), new SecureRandom());
    return context;
  }
}
