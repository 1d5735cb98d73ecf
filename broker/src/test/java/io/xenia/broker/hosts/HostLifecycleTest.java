package io.xenia.broker.hosts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenia.broker.support.ApiClient;
import io.xenia.broker.support.BrokerUnderTest;
import io.xenia.broker.support.Marketplace;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Heartbeats, the failure detector (short intervals: 200 ms, suspect after 2 missed, down after 4),
 * rotation and revocation, over the real API.
 */
class HostLifecycleTest {
  private static BrokerUnderTest broker;
  private static Marketplace.Party operator;
  private static final List<HostDown> downs = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() {
    broker =
        BrokerUnderTest.start(
            "host_lifecycle",
            Map.of(
                "xenia.hosts.heartbeat-interval",
                "200ms",
                "xenia.hosts.suspect-after-missed",
                2,
                "xenia.hosts.down-after-missed",
                4,
                "xenia.hosts.detector-interval",
                "100ms"));
    broker.context().registerSingleton(HostFailureListener.class, downs::add);
    operator = new Marketplace(broker).register("host-operator", "Lena Lifecycle");
  }

  @AfterAll
  static void stop() {
    broker.close();
  }

  private record Enrolled(UUID id, HostIdentity identity, ApiClient.Response response) {}

  private static Enrolled enroll(String name) {
    var identity = HostIdentity.generate();
    var r =
        broker
            .api()
            .post(
                "/v1/hosts/enroll",
                null,
                identity.enrollment(EnrollmentTest.token(broker, operator), name));
    assertEquals(201, r.status(), r::toString);
    return new Enrolled(UUID.fromString(r.body().path("host").path("id").asText()), identity, r);
  }

  private static String status(UUID id) {
    return broker.api().get("/v1/hosts/" + id, operator.token()).body().path("status").asText();
  }

  /** How long the host had been silent when its status last changed, by the broker's clock. */
  private static long silentFor(UUID id) {
    var view = broker.api().get("/v1/hosts/" + id, operator.token()).body();
    return java.time.Duration.between(
            java.time.Instant.parse(view.path("lastSeenAt").asText()),
            java.time.Instant.parse(view.path("statusChangedAt").asText()))
        .toMillis();
  }

  private static String awaitStatus(UUID id, String wanted, long timeoutMs)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMs;
    String s = status(id);
    while (!s.equals(wanted) && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
      s = status(id);
    }
    return s;
  }

  @Test
  void aSilentHostGoesSuspectThenDownAndComesBackWithAHeartbeat() throws Exception {
    var host = enroll("silent");
    var beat =
        broker
            .api()
            .post(
                "/v1/hosts/" + host.id() + "/heartbeats",
                null,
                host.identity().heartbeat(host.id(), 1));
    assertEquals(200, beat.status(), beat::toString);
    assertEquals(200, beat.body().path("heartbeatIntervalMs").asLong());
    assertEquals("up", beat.body().path("status").asText());
    assertEquals(
        2,
        broker
            .api()
            .get("/v1/hosts/" + host.id(), operator.token())
            .body()
            .path("machinesReady")
            .asInt());

    assertEquals("suspect", awaitStatus(host.id(), "suspect", 3000));
    long suspectAfter = silentFor(host.id());
    assertEquals("down", awaitStatus(host.id(), "down", 3000));
    long downAfter = silentFor(host.id());
    System.out.printf(
        "silent host: suspect after %d ms, down after %d ms%n", suspectAfter, downAfter);
    // By the broker's own clock: never early (late by about a detector interval under load).
    assertTrue(suspectAfter >= 400, "suspect after " + suspectAfter + " ms");
    assertTrue(downAfter >= 800, "down after " + downAfter + " ms");
    assertTrue(
        downs.stream().anyMatch(d -> d.hostId().equals(host.id()) && d.cause() == HostStatus.DOWN),
        downs::toString);

    var back =
        broker
            .api()
            .post(
                "/v1/hosts/" + host.id() + "/heartbeats",
                null,
                host.identity().heartbeat(host.id(), 2));
    assertEquals(200, back.status(), back::toString);
    assertEquals("up", status(host.id()));
  }

  @Test
  void heartbeatsMustBeSignedByTheHostAndGrow() {
    var host = enroll("beating");
    var other = HostIdentity.generate();
    var forged =
        broker
            .api()
            .post("/v1/hosts/" + host.id() + "/heartbeats", null, other.heartbeat(host.id(), 5));
    assertEquals(403, forged.status(), forged::toString);
    assertEquals("host-proof-invalid", forged.problemType());
    assertEquals(
        200,
        broker
            .api()
            .post(
                "/v1/hosts/" + host.id() + "/heartbeats",
                null,
                host.identity().heartbeat(host.id(), 7))
            .status());
    var replay =
        broker
            .api()
            .post(
                "/v1/hosts/" + host.id() + "/heartbeats",
                null,
                host.identity().heartbeat(host.id(), 7));
    assertEquals(409, replay.status(), replay::toString);
    assertEquals("heartbeat-stale", replay.problemType());
  }

  @Test
  void certificatesRotateByOperatorKeyOrHostSignature() {
    var host = enroll("rotating");
    long firstSerial = host.response().body().path("credentials").path("tlsSerial").asLong();
    var byOperator =
        broker
            .api()
            .post(
                "/v1/hosts/" + host.id() + "/certificates",
                operator.token(),
                Map.of("tlsCsr", host.identity().csr()));
    assertEquals(200, byOperator.status(), byOperator::toString);
    assertNotEquals(firstSerial, byOperator.body().path("tlsSerial").asLong());

    String csr = host.identity().csr();
    long now = System.currentTimeMillis();
    String signature = host.identity().sign(HostProof.rotation(host.id(), csr, now));
    var byHost =
        broker
            .api()
            .post(
                "/v1/hosts/" + host.id() + "/certificates",
                null,
                Map.of("tlsCsr", csr, "signedAtEpochMs", now, "signature", signature));
    assertEquals(200, byHost.status(), byHost::toString);
    assertNotNull(X509Pem.parseCertificate(byHost.body().path("tlsCertificate").asText()));

    var unsigned =
        broker.api().post("/v1/hosts/" + host.id() + "/certificates", null, Map.of("tlsCsr", csr));
    assertEquals(401, unsigned.status(), unsigned::toString);
    var stranger = new Marketplace(broker).register("host-operator", "Sam Stranger");
    var foreign =
        broker
            .api()
            .post(
                "/v1/hosts/" + host.id() + "/certificates",
                stranger.token(),
                Map.of("tlsCsr", csr));
    assertEquals(404, foreign.status(), foreign::toString);
  }

  @Test
  void aRevokedHostIsRefusedAndItsSerialIsOnTheCrl() throws Exception {
    var host = enroll("revoked");
    long serial = host.response().body().path("credentials").path("tlsSerial").asLong();
    var revoked =
        broker
            .api()
            .post(
                "/v1/hosts/" + host.id() + "/revoke", operator.token(), Map.of("reason", "stolen"));
    assertEquals(200, revoked.status(), revoked::toString);
    assertEquals("revoked", revoked.body().path("status").asText());
    assertEquals("stolen", revoked.body().path("revocationReason").asText());
    assertTrue(
        downs.stream()
            .anyMatch(d -> d.hostId().equals(host.id()) && d.cause() == HostStatus.REVOKED));

    var beat =
        broker
            .api()
            .post(
                "/v1/hosts/" + host.id() + "/heartbeats",
                null,
                host.identity().heartbeat(host.id(), 1));
    assertEquals(403, beat.status(), beat::toString);
    assertEquals("host-revoked", beat.problemType());
    var rotate =
        broker
            .api()
            .post(
                "/v1/hosts/" + host.id() + "/certificates",
                operator.token(),
                Map.of("tlsCsr", host.identity().csr()));
    assertEquals("host-revoked", rotate.problemType(), rotate::toString);

    var ca = broker.api().get("/v1/hosts/certificate-authority", null);
    assertEquals(200, ca.status(), ca::toString);
    var caCert = X509Pem.parseCertificate(ca.body().path("caCertificates").get(0).asText());
    X509CRL crl =
        (X509CRL)
            CertificateFactory.getInstance("X.509")
                .generateCRL(new ByteArrayInputStream(ca.body().path("crl").asText().getBytes()));
    crl.verify(caCert.getPublicKey());
    assertNotNull(crl.getRevokedCertificate(BigInteger.valueOf(serial)), crl::toString);
    // Revoking again is harmless and stays revoked; it is still listed, with its status.
    assertEquals(
        200,
        broker
            .api()
            .post("/v1/hosts/" + host.id() + "/revoke", operator.token(), Map.of())
            .status());
    var listed = broker.api().get("/v1/hosts?status=revoked", operator.token());
    assertTrue(
        listed.body().path("items").findValuesAsText("id").contains(host.id().toString()),
        listed::toString);
  }

  @Test
  void aHeartbeatNamesTheControlEndpointSignedAndOldHeartbeatsKeepIt() {
    var host = enroll("endpoint");
    String path = "/v1/hosts/" + host.id() + "/heartbeats";
    var beat =
        broker
            .api()
            .post(
                path,
                null,
                host.identity().heartbeat(host.id(), 1, "127.0.0.1:7443", "127.0.0.1:7443"));
    assertEquals(200, beat.status(), beat::toString);
    var view = broker.api().get("/v1/hosts/" + host.id(), operator.token()).body();
    assertEquals("127.0.0.1:7443", view.path("controlEndpoint").asText());

    // A heartbeat in the format before issue 5 (no endpoint, old signed bytes) is valid and keeps
    // it.
    var old = broker.api().post(path, null, host.identity().heartbeat(host.id(), 2));
    assertEquals(200, old.status(), old::toString);
    assertEquals(
        "127.0.0.1:7443",
        broker
            .api()
            .get("/v1/hosts/" + host.id(), operator.token())
            .body()
            .path("controlEndpoint")
            .asText());

    // The endpoint is signed: one changed on the way is refused.
    var forged =
        broker
            .api()
            .post(
                path,
                null,
                host.identity().heartbeat(host.id(), 3, "127.0.0.1:7443", "10.9.9.9:7443"));
    assertEquals(403, forged.status(), forged::toString);
    assertEquals("urn:xenia:problem:host-proof-invalid", forged.body().path("type").asText());

    var malformed =
        broker
            .api()
            .post(path, null, host.identity().heartbeat(host.id(), 4, "no-port", "no-port"));
    assertEquals(400, malformed.status(), malformed::toString);
    assertEquals("urn:xenia:problem:validation-failed", malformed.body().path("type").asText());

    var v6 =
        broker
            .api()
            .post(path, null, host.identity().heartbeat(host.id(), 5, "[::1]:9443", "[::1]:9443"));
    assertEquals(200, v6.status(), v6::toString);
    assertEquals(
        "[::1]:9443",
        broker
            .api()
            .get("/v1/hosts/" + host.id(), operator.token())
            .body()
            .path("controlEndpoint")
            .asText());
  }
}
