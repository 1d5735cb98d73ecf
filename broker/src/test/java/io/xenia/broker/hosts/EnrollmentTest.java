package io.xenia.broker.hosts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenia.broker.support.ApiClient;
import io.xenia.broker.support.BrokerUnderTest;
import io.xenia.broker.support.Marketplace;
import io.xenia.dht.security.MembershipCertificate;
import io.xenia.dht.security.MembershipRole;
import io.xenia.protocol.crypto.Ed25519PublicKey;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Enrollment over the real API: tokens work exactly once, the certificates verify. */
class EnrollmentTest {
  private static BrokerUnderTest broker;
  private static Marketplace market;
  private static Marketplace.Party operator;

  @BeforeAll
  static void start() {
    broker = BrokerUnderTest.start("enrollment");
    market = new Marketplace(broker);
    operator = market.register("host-operator", "Olga Operator");
  }

  @AfterAll
  static void stop() {
    broker.close();
  }

  static String token(BrokerUnderTest broker, Marketplace.Party operator) {
    var r = broker.api().post("/v1/hosts/enrollment-tokens", operator.token(), Map.of());
    assertEquals(201, r.status(), r::toString);
    return r.body().path("token").asText();
  }

  private static void assertProblem(ApiClient.Response r, int status, String type) {
    assertEquals(status, r.status(), r::toString);
    assertTrue(r.contentType().startsWith("application/problem+json"), r::toString);
    assertEquals(type, r.problemType(), r::toString);
  }

  @Test
  void anEnrolledHostGetsCertificatesThatVerify() throws Exception {
    var host = HostIdentity.generate();
    var r =
        broker
            .api()
            .post("/v1/hosts/enroll", null, host.enrollment(token(broker, operator), "rack-1"));
    assertEquals(201, r.status(), r::toString);
    var view = r.body().path("host");
    assertEquals(operator.id().toString(), view.path("accountId").asText());
    assertEquals("up", view.path("status").asText());
    assertEquals(host.hostKey().publicKey().toBase64Url(), view.path("hostPublicKey").asText());

    var credentials = r.body().path("credentials");
    X509Certificate ca =
        X509Pem.parseCertificate(credentials.path("caCertificates").get(0).asText());
    X509Certificate tls = X509Pem.parseCertificate(credentials.path("tlsCertificate").asText());
    tls.verify(ca.getPublicKey());
    assertEquals(host.tlsKey().getPublic(), tls.getPublicKey());
    assertTrue(tls.getSubjectX500Principal().getName().contains(view.path("id").asText()));
    assertEquals(credentials.path("tlsSerial").asLong(), tls.getSerialNumber().longValueExact());

    var membership =
        MembershipCertificate.fromJson(
            credentials.path("membershipCertificate").asText().getBytes(StandardCharsets.UTF_8));
    var claims =
        membership.verify(
            Ed25519PublicKey.fromBase64Url(credentials.path("membershipCaPublicKey").asText()),
            Instant.now());
    assertEquals(MembershipRole.HOST, claims.role());
    assertEquals(host.hostKey().publicKey(), claims.subject());

    var listed = broker.api().get("/v1/hosts", operator.token());
    assertEquals(200, listed.status(), listed::toString);
    assertTrue(
        listed.body().path("items").findValuesAsText("id").contains(view.path("id").asText()));
    var other = market.register("host-operator", "Otto Other");
    assertProblem(
        broker.api().get("/v1/hosts/" + view.path("id").asText(), other.token()), 404, "not-found");
  }

  @Test
  void aTokenWorksOnce() {
    String token = token(broker, operator);
    var first =
        broker
            .api()
            .post("/v1/hosts/enroll", null, HostIdentity.generate().enrollment(token, "once-a"));
    assertEquals(201, first.status(), first::toString);
    assertProblem(
        broker
            .api()
            .post("/v1/hosts/enroll", null, HostIdentity.generate().enrollment(token, "once-b")),
        409,
        "enrollment-token-used");
  }

  @Test
  void ofConcurrentEnrollmentsWithOneTokenExactlyOneWins() throws Exception {
    String token = token(broker, operator);
    int racers = 8;
    var pool = Executors.newFixedThreadPool(racers);
    try {
      List<Callable<ApiClient.Response>> calls = new ArrayList<>();
      for (int i = 0; i < racers; i++) {
        var body = HostIdentity.generate().enrollment(token, "racer-" + i);
        calls.add(() -> broker.api().post("/v1/hosts/enroll", null, body));
      }
      int won = 0;
      int used = 0;
      for (Future<ApiClient.Response> f : pool.invokeAll(calls)) {
        var r = f.get();
        if (r.status() == 201) {
          won++;
        } else {
          assertProblem(r, 409, "enrollment-token-used");
          used++;
        }
      }
      assertEquals(1, won);
      assertEquals(racers - 1, used);
    } finally {
      pool.shutdownNow();
    }
    try (var jdbc = broker.jdbc();
        var rs =
            jdbc.createStatement()
                .executeQuery("select count(*) from host where name like 'racer-%'")) {
      rs.next();
      assertEquals(1, rs.getInt(1));
    }
  }

  @Test
  void oneKeyEnrolledConcurrentlyWithTwoTokensIsOneHost() throws Exception {
    var host = HostIdentity.generate();
    var bodies =
        List.of(
            host.enrollment(token(broker, operator), "twin-a"),
            host.enrollment(token(broker, operator), "twin-b"));
    var pool = Executors.newFixedThreadPool(2);
    try {
      List<Callable<ApiClient.Response>> calls = new ArrayList<>();
      bodies.forEach(b -> calls.add(() -> broker.api().post("/v1/hosts/enroll", null, b)));
      int won = 0;
      for (Future<ApiClient.Response> f : pool.invokeAll(calls)) {
        var r = f.get();
        if (r.status() == 201) {
          won++;
        } else {
          assertProblem(r, 409, "host-already-enrolled");
        }
      }
      assertEquals(1, won);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void unknownExpiredAndMalformedTokensAreRefused() throws Exception {
    var host = HostIdentity.generate();
    assertProblem(
        broker.api().post("/v1/hosts/enroll", null, host.enrollment("xet_" + "A".repeat(43), "h")),
        403,
        "enrollment-token-invalid");
    assertProblem(
        broker.api().post("/v1/hosts/enroll", null, host.enrollment("not-a-token", "h")),
        403,
        "enrollment-token-invalid");
    String token = token(broker, operator);
    try (var jdbc = broker.jdbc()) {
      jdbc.createStatement()
          .executeUpdate(
              "update host_enrollment_token set expires_at = now() - interval '1 second'"
                  + " where used_at is null");
    }
    assertProblem(
        broker.api().post("/v1/hosts/enroll", null, host.enrollment(token, "h")),
        410,
        "enrollment-token-expired");
  }

  @Test
  void aBadCsrOrKeyIsAValidationFailureAndLeavesTheTokenUnused() {
    String token = token(broker, operator);
    var host = HostIdentity.generate();
    var body = new java.util.HashMap<>(host.enrollment(token, "bad-csr"));
    body.put(
        "tlsCsr", "-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n");
    assertProblem(broker.api().post("/v1/hosts/enroll", null, body), 400, "validation-failed");
    body = new java.util.HashMap<>(host.enrollment(token, "bad-key"));
    body.put("hostPublicKey", "AAAA");
    assertProblem(broker.api().post("/v1/hosts/enroll", null, body), 400, "validation-failed");
    assertEquals(
        201, broker.api().post("/v1/hosts/enroll", null, host.enrollment(token, "good")).status());
    assertProblem(
        broker
            .api()
            .post("/v1/hosts/enroll", null, host.enrollment(token(broker, operator), "again")),
        409,
        "host-already-enrolled");
  }

  @Test
  void onlyHostOperatorsCreateTokens() {
    var customer = market.customer("Carl Customer");
    assertProblem(
        broker.api().post("/v1/hosts/enrollment-tokens", customer.token(), Map.of()),
        403,
        "forbidden");
    assertProblem(
        broker.api().post("/v1/hosts/enrollment-tokens", null, Map.of()), 401, "unauthenticated");
    assertProblem(
        broker
            .api()
            .post(
                "/v1/hosts/enrollment-tokens",
                operator.token(),
                Map.of("expiresInSeconds", 99999999)),
        400,
        "validation-failed");
  }
}
