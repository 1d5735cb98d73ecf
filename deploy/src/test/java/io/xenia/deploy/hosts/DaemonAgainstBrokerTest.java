package io.xenia.deploy.hosts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.xenia.broker.hosts.HostCertificateAuthority;
import io.xenia.broker.hosts.HostTlsTrust;
import io.xenia.hostdaemon.api.AdmissionDecision;
import io.xenia.hostdaemon.api.AdmissionRequest;
import io.xenia.hostdaemon.api.ControlApiServer;
import io.xenia.hostdaemon.api.ControlCaller;
import io.xenia.hostdaemon.api.ControlTls;
import io.xenia.hostdaemon.api.EventSubscription;
import io.xenia.hostdaemon.api.HostControl;
import io.xenia.hostdaemon.api.HostControlException;
import io.xenia.hostdaemon.api.HostStatusReport;
import io.xenia.hostdaemon.api.LifecycleEvent;
import io.xenia.hostdaemon.api.ModifyRequest;
import io.xenia.hostdaemon.api.ProvisionRequest;
import io.xenia.hostdaemon.api.RevocationList;
import io.xenia.hostdaemon.api.SessionStatus;
import io.xenia.hostdaemon.enroll.HostIdentity;
import io.xenia.hostdaemon.enroll.IdentityFiles;
import io.xenia.hostdaemon.enroll.TlsKeys;
import io.xenia.hostdaemon.heartbeat.HeartbeatSender;
import io.xenia.hostdaemon.heartbeat.MachineCounts;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * host-daemon's enrollment, heartbeats, rotation and revocation against a real broker (its own
 * database on the shared embedded PostgreSQL, HTTP on a free loopback port). This module is the one
 * that may depend on both; the broker runs with short liveness intervals (300 ms, suspect after 2
 * missed, down after 4).
 */
class DaemonAgainstBrokerTest {
  private static final ObjectMapper JSON = BrokerUnderTest.JSON;
  @TempDir static Path tmp;
  private static BrokerUnderTest brokerUnderTest;
  private static EmbeddedServer broker;
  private static URI base;
  private static String operatorKey;

  @BeforeAll
  static void start() throws Exception {
    brokerUnderTest =
        BrokerUnderTest.start(tmp, Duration.ofMillis(300), 2, 4, Duration.ofMillis(100));
    broker = brokerUnderTest.server();
    base = brokerUnderTest.base();
    operatorKey = brokerUnderTest.operatorKey();
  }

  @AfterAll
  static void stop() {
    if (brokerUnderTest != null) {
      brokerUnderTest.close();
    }
  }

  private static JsonNode call(String method, String path, String key, Object body, int expected)
      throws IOException, InterruptedException {
    return brokerUnderTest.call(method, path, key, body, expected);
  }

  private static String token() throws Exception {
    return brokerUnderTest.token();
  }

  private static BrokerUnderTest.Run enrollCommand(String... args) {
    return BrokerUnderTest.enrollCommand(args);
  }

  private static HostIdentity enroll(String name) throws Exception {
    return brokerUnderTest.enroll(tmp.resolve(name), name);
  }

  private static String status(UUID host) throws Exception {
    return brokerUnderTest.status(host);
  }

  private static String awaitStatus(UUID host, String wanted) throws Exception {
    return brokerUnderTest.awaitStatus(host, wanted, Duration.ofSeconds(5));
  }

  private static final MachineCounts TWO_READY =
      new MachineCounts() {
        @Override
        public int total() {
          return 2;
        }

        @Override
        public int ready() {
          return 2;
        }
      };

  @Test
  void theEnrollCommandStoresAnOwnerOnlyIdentityAndATokenWorksOnce() throws Exception {
    String token = token();
    Path dir = tmp.resolve("cli");
    BrokerUnderTest.Run run =
        enrollCommand(
            "--broker",
            base.toString(),
            "--token",
            token,
            "--data-dir",
            dir.toString(),
            "--name",
            "cli-host");
    assertEquals(0, run.exit(), run::toString);
    assertTrue(run.out().contains("enrolled: host"), run::toString);
    var files = new IdentityFiles(dir);
    assertEquals(
        "rwx------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(files.directory())));
    try (Stream<Path> all = Files.list(files.directory())) {
      for (Path f : all.toList()) {
        assertEquals(
            "rw-------",
            PosixFilePermissions.toString(Files.getPosixFilePermissions(f)),
            f::toString);
      }
    }
    HostIdentity identity = files.load();
    var host = call("GET", "/v1/hosts/" + identity.hostId(), operatorKey, null, 200);
    assertEquals(identity.hostKey().publicKey().toBase64Url(), host.path("hostPublicKey").asText());
    identity.tlsCertificate().verify(identity.caCertificates().get(0).getPublicKey());

    BrokerUnderTest.Run again =
        enrollCommand(
            "--broker",
            base.toString(),
            "--token",
            token,
            "--data-dir",
            tmp.resolve("cli-2").toString());
    assertEquals(1, again.exit(), again::toString);
    assertTrue(again.err().contains("enrollment-token-used"), again::toString);
    BrokerUnderTest.Run twice =
        enrollCommand(
            "--broker", base.toString(), "--token", token(), "--data-dir", dir.toString());
    assertEquals(2, twice.exit(), "an enrolled data directory is not enrolled again: " + twice);
  }

  @Test
  void heartbeatsKeepTheHostUpAndSilenceTakesItDown() throws Exception {
    HostIdentity identity = enroll("beating");
    try (var sender = new HeartbeatSender(identity, TWO_READY, crl -> {}, () -> {}).start()) {
      long deadline = System.currentTimeMillis() + 5000;
      while (!sender.status().state().equals("ok") && System.currentTimeMillis() < deadline) {
        Thread.sleep(20);
      }
      assertEquals("ok", sender.status().state(), sender.status()::toString);
      Thread.sleep(1500); // five intervals: still up thanks to the heartbeats
      assertEquals("up", status(identity.hostId()));
      assertEquals(
          2,
          call("GET", "/v1/hosts/" + identity.hostId(), operatorKey, null, 200)
              .path("machinesTotal")
              .asInt());
    }
    long stopped = System.currentTimeMillis();
    assertEquals("down", awaitStatus(identity.hostId(), "down"));
    System.out.println(
        "host down " + (System.currentTimeMillis() - stopped) + " ms after its last heartbeat");
  }

  @Test
  void rotationGivesNewCertificatesAndRevocationReachesTheDaemonsPeers() throws Exception {
    HostIdentity a = enroll("host-a");
    HostIdentity b = enroll("host-b");
    BrokerUnderTest.Run rotated =
        enrollCommand("--rotate", "--data-dir", tmp.resolve("host-a").toString());
    assertEquals(0, rotated.exit(), rotated::toString);
    HostIdentity a2 = new IdentityFiles(tmp.resolve("host-a")).load();
    assertNotEquals(a.tlsCertificate().getSerialNumber(), a2.tlsCertificate().getSerialNumber());
    assertEquals(a.hostId(), a2.hostId());

    // B serves its control API with its broker-issued certificate; A calls it as a client.
    var revocations = new RevocationList(b.caCertificates());
    var tls = ControlTls.context(b.tlsKey(), b.tlsCertificate(), b.caCertificates(), revocations);
    // A serves too, so that the broker's own client can be seen refusing it once revoked.
    var tlsA =
        ControlTls.context(
            a2.tlsKey(),
            a2.tlsCertificate(),
            a2.caCertificates(),
            new RevocationList(a2.caCertificates()));
    var trust = broker.getApplicationContext().getBean(HostTlsTrust.class);
    KeyPair brokerKey = TlsKeys.generate();
    var brokerCertificate =
        broker
            .getApplicationContext()
            .getBean(HostCertificateAuthority.class)
            .issueBroker("broker-1", brokerKey.getPublic())
            .certificate();
    HttpClient asBroker =
        HttpClient.newBuilder()
            .sslContext(trust.clientContext(brokerKey, brokerCertificate))
            .build();
    try (var server =
            ControlApiServer.start(new InetSocketAddress("127.0.0.1", 0), tls, new StatusOnly());
        var serverA =
            ControlApiServer.start(new InetSocketAddress("127.0.0.1", 0), tlsA, new StatusOnly());
        var senderB = new HeartbeatSender(b, TWO_READY, revocations::update, () -> {}).start()) {
      URI status = URI.create("https://127.0.0.1:" + server.port() + "/v1/status");
      URI statusA = URI.create("https://127.0.0.1:" + serverA.port() + "/v1/status");
      assertEquals(200, get(client(a2), status).statusCode());
      assertEquals(
          200,
          get(asBroker, statusA).statusCode(),
          "the broker calls A with its host-CA certificate");

      call(
          "POST",
          "/v1/hosts/" + a.hostId() + "/revoke",
          operatorKey,
          Map.of("reason", "decommissioned"),
          200);
      CountDownLatch revoked = new CountDownLatch(1);
      try (var senderA =
          new HeartbeatSender(a2, TWO_READY, crl -> {}, revoked::countDown).start()) {
        assertTrue(revoked.await(5, TimeUnit.SECONDS), "A's heartbeats are refused: host-revoked");
        assertEquals("revoked", senderA.status().state());
      }
      long deadline = System.currentTimeMillis() + 5000;
      while (revocations.size() < 2 && System.currentTimeMillis() < deadline) {
        Thread.sleep(20);
      }
      assertEquals(2, revocations.size(), "B learnt A's two certificates from its heartbeat's CRL");
      assertThrows(IOException.class, () -> get(client(a2), status));
      HttpClient asBrokerAgain =
          HttpClient.newBuilder()
              .sslContext(trust.clientContext(brokerKey, brokerCertificate))
              .build();
      assertThrows(
          IOException.class,
          () -> get(asBrokerAgain, statusA),
          "the broker refuses a revoked host's answers");
      assertEquals(200, get(asBrokerAgain, status).statusCode(), "and still reaches B");
      assertEquals("revoked", status(a.hostId()));
      assertEquals("up", status(b.hostId()));
    }
  }

  private static HttpResponse<String> get(HttpClient client, URI uri) throws Exception {
    return client.send(
        HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpClient client(HostIdentity identity) throws Exception {
    KeyStore keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    keys.setKeyEntry(
        "client",
        identity.tlsKey(),
        new char[0],
        new X509Certificate[] {identity.tlsCertificate()});
    var kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, new char[0]);
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", identity.caCertificates().get(0));
    var tmf = TrustManagerFactory.getInstance("PKIX");
    tmf.init(trust);
    SSLContext context = SSLContext.getInstance("TLSv1.3");
    context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), new SecureRandom());
    return HttpClient.newBuilder().sslContext(context).build();
  }

  /** The port with only a status: this test is about who may call, not what they may do. */
  private static final class StatusOnly implements HostControl {
    @Override
    public AdmissionDecision admit(AdmissionRequest request) {
      return new AdmissionDecision.Refused("maintenance-window", "not in this test");
    }

    @Override
    public SessionStatus provision(
        ControlCaller caller, String sessionId, ProvisionRequest request) {
      throw new HostControlException(HostControlException.Kind.NOT_FOUND, sessionId);
    }

    @Override
    public SessionStatus modify(ControlCaller caller, String sessionId, ModifyRequest request) {
      throw new HostControlException(HostControlException.Kind.NOT_FOUND, sessionId);
    }

    @Override
    public SessionStatus terminate(ControlCaller caller, String sessionId, String reason) {
      throw new HostControlException(HostControlException.Kind.NOT_FOUND, sessionId);
    }

    @Override
    public Optional<SessionStatus> status(ControlCaller caller, String sessionId) {
      return Optional.empty();
    }

    @Override
    public HostStatusReport hostStatus() {
      return new HostStatusReport("b", 2, 2, Map.of());
    }

    @Override
    public EventSubscription subscribe(long afterSequence, Consumer<LifecycleEvent> listener) {
      return () -> {};
    }
  }
}
