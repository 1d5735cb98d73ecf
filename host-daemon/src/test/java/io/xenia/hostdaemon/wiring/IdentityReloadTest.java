package io.xenia.hostdaemon.wiring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenia.dht.DhtConfig;
import io.xenia.dht.index.Offer;
import io.xenia.dht.index.SearchIndex;
import io.xenia.dht.index.SearchOptions;
import io.xenia.dht.query.Query;
import io.xenia.dht.security.MembershipCertificate;
import io.xenia.dht.security.MembershipClaims;
import io.xenia.dht.security.MembershipPolicy;
import io.xenia.dht.security.MembershipRole;
import io.xenia.dht.security.NodeIdentity;
import io.xenia.dht.server.UdpDhtNode;
import io.xenia.hostdaemon.api.TestCa;
import io.xenia.hostdaemon.audit.AuditEntry;
import io.xenia.hostdaemon.daemon.Drivers;
import io.xenia.hostdaemon.daemon.HostDaemon;
import io.xenia.hostdaemon.driver.fake.FakeDriver;
import io.xenia.hostdaemon.enroll.EnrolledDataDir;
import io.xenia.hostdaemon.enroll.IdentityFiles;
import io.xenia.hostdaemon.inventory.Inventory;
import io.xenia.hostdaemon.reload.IdentityReloader;
import io.xenia.hostdaemon.reload.ReloadLoop;
import io.xenia.protocol.crypto.Ed25519KeyPair;
import io.xenia.protocol.tls.MutualTls;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A running enrolled daemon (core with the fake driver, the real control API over TLS 1.3, a
 * certified search-dht node joined to a certified broker node) whose identity files are rotated on
 * disk while the {@link ReloadLoop} polls them every 100 ms: real TLS handshakes before and after
 * show which certificate the server presents; refused files leave the old one in service; a peer
 * that meets the host only after its first membership certificate expired still accepts it.
 */
class IdentityReloadTest {
  private static final Currency EUR = Currency.getInstance("EUR");

  static MembershipCertificate member(
      Ed25519KeyPair ca, Ed25519KeyPair subject, MembershipRole role, Duration validity) {
    Instant now = Instant.now();
    return MembershipCertificate.issue(
        ca,
        new MembershipClaims(
            MembershipClaims.VERSION,
            subject.publicKey(),
            role,
            role.name().toLowerCase(Locale.ROOT) + "-1",
            now.toEpochMilli(),
            now.minusSeconds(60),
            now.plus(validity)));
  }

  /** The serial of the certificate the control API presents to a fresh TLS 1.3 connection. */
  static BigInteger served(TestCa.Leaf client, X509Certificate ca, int port) throws Exception {
    var context =
        MutualTls.context(
            client.key().getPrivate(), client.certificate(), List.of(ca), serial -> false);
    try (SSLSocket socket =
        (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
      socket.setEnabledProtocols(new String[] {"TLSv1.3"});
      socket.setSoTimeout(5000);
      socket.startHandshake();
      // TLS 1.3: the server checks the client certificate after its Finished; a refusal shows
      // at the first read.
      socket.getOutputStream().write("GET /v1/status HTTP/1.1\r\nHost: x\r\n\r\n".getBytes());
      socket.getOutputStream().flush();
      if (socket.getInputStream().read() < 0) {
        throw new IOException("closed by the server");
      }
      return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
    }
  }

  private static BigInteger waitForServed(
      TestCa.Leaf client, X509Certificate ca, int port, BigInteger expected) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    BigInteger last = null;
    while (System.nanoTime() < deadline) {
      last = served(client, ca, port);
      if (last.equals(expected)) {
        return last;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("the control API still serves " + last + ", not " + expected);
  }

  private static List<AuditEntry> audit(HostDaemon daemon, String action) throws Exception {
    List<AuditEntry> found = new ArrayList<>();
    for (String line : Files.readAllLines(daemon.inventory().daemon().auditLog())) {
      AuditEntry e = AuditEntry.parse(line);
      if (e.action().equals(action)) {
        found.add(e);
      }
    }
    return found;
  }

  private static AuditEntry waitForAudit(HostDaemon daemon, String action, int count)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      List<AuditEntry> all = audit(daemon, action);
      if (all.size() >= count) {
        return all.get(count - 1);
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no " + count + " × " + action + " in the audit log");
  }

  /**
   * Waits for a refusal naming {@code why} (a file written in place may first be seen half-written,
   * which is refused too, with another reason); returns the number of refusals so far.
   */
  private static int waitForRefusal(HostDaemon daemon, int seen, String why) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    List<AuditEntry> all = List.of();
    while (System.nanoTime() < deadline) {
      all = audit(daemon, "identity-reload-refused");
      for (AuditEntry e : all.subList(Math.min(seen, all.size()), all.size())) {
        if (e.details().get("error").contains(why)) {
          return all.size();
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no refusal naming \"" + why + "\"; refusals: " + all);
  }

  @Test
  void aRotatedIdentityIsServedWithoutARestartAndBadFilesAreRefused(@TempDir Path dir)
      throws Exception {
    Path dataDir = dir.resolve("state");
    Ed25519KeyPair dhtCa = Ed25519KeyPair.generate(new SecureRandom());
    TestCa hostCa = new TestCa("Xenia host CA");
    Ed25519KeyPair hostKey = EnrolledDataDir.hostKey(dataDir);
    String hostId = hostKey.publicKey().fingerprint();
    TestCa.Leaf tls1 = hostCa.issue("urn:xenia:host:1");
    // The first membership certificate is short-lived: a peer meeting the host after it expired
    // accepts the host only if the node presents the rotated one.
    Duration firstValidity = Duration.ofSeconds(6);
    Instant firstExpires = Instant.now().plus(firstValidity);
    IdentityFiles files =
        EnrolledDataDir.write(
            dataDir,
            tls1.key().getPrivate(),
            tls1.certificate(),
            hostCa.certificate(),
            member(dhtCa, hostKey, MembershipRole.HOST, firstValidity).toJson(),
            URI.create("https://127.0.0.1:9/"), // no broker: heartbeats fail, as they may
            Duration.ofSeconds(1));
    DhtConfig dhtConfig = DhtConfig.defaults().withRpcTimeoutMillis(300);
    Ed25519KeyPair brokerKey = Ed25519KeyPair.generate(new SecureRandom());
    UdpDhtNode brokerNode =
        UdpDhtNode.start(
            dhtConfig,
            NodeIdentity.certified(
                brokerKey, member(dhtCa, brokerKey, MembershipRole.BROKER, Duration.ofDays(1))),
            MembershipPolicy.requireCertificate(dhtCa.publicKey(), Clock.systemUTC()),
            new InetSocketAddress("127.0.0.1", 0));
    String network =
        "  controlApi: {bind: \"127.0.0.1:0\"}\n"
            + "  dht: {bind: \"127.0.0.1:0\", seeds: [\"127.0.0.1:"
            + brokerNode.address().getPort()
            + "\"]}\n"
            + "  advertise: {ownerAccountId: acct-operator-1, ttlSeconds: 30}\n";
    Inventory inventory = TestHost.parse(TestHost.inventory(dataDir, "fake", 2, network), dir);
    HostDaemon daemon =
        HostDaemon.start(
            inventory, Drivers.of(new FakeDriver(Clock.systemUTC())), hostKey, Clock.systemUTC());
    EnrolledServices services = null;
    ReloadLoop loop = null;
    UdpDhtNode lateBroker = null;
    try {
      services =
          EnrolledServices.start(
              daemon, files.load(), inventory.daemon().network(), Clock.systemUTC());
      loop =
          ReloadLoop.start(Duration.ofMillis(100))
              .watch(new IdentityReloader(files, services, daemon.audit(), Clock.systemUTC()));
      int port = services.controlAddress().getPort();
      TestCa.Leaf broker = hostCa.issue("broker-a");
      X509Certificate ca = hostCa.certificate();
      assertEquals(tls1.certificate().getSerialNumber(), served(broker, ca, port));

      // 1. enroll --rotate: new TLS key + certificate and membership certificate.
      TestCa.Leaf tls2 = hostCa.issue("urn:xenia:host:1");
      long start = System.nanoTime();
      EnrolledDataDir.rotate(
          dataDir,
          tls2.key().getPrivate(),
          tls2.certificate(),
          member(dhtCa, hostKey, MembershipRole.HOST, Duration.ofDays(1)).toJson());
      waitForServed(broker, ca, port, tls2.certificate().getSerialNumber());
      System.out.println(
          "IdentityReloadTest: rotated certificate served "
              + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)
              + " ms after the files changed (poll 100 ms)");
      AuditEntry reloaded = waitForAudit(daemon, "identity-reloaded", 1);
      assertEquals("tls, membership", reloaded.details().get("switched"));
      assertEquals(
          tls1.certificate().getSerialNumber().toString(16), reloaded.details().get("oldSerial"));
      assertEquals(
          tls2.certificate().getSerialNumber().toString(16), reloaded.details().get("newSerial"));

      // 2. A key of one rotation beside a certificate of another: refused, tls2 stays.
      TestCa.Leaf tls3 = hostCa.issue("urn:xenia:host:1");
      TestCa.Leaf tls4 = hostCa.issue("urn:xenia:host:1");
      Files.writeString(
          files.tls(), EnrolledDataDir.tlsPem(tls3.key().getPrivate(), tls4.certificate()));
      int refusals = waitForRefusal(daemon, 0, "does not belong to the private key");
      assertEquals(tls2.certificate().getSerialNumber(), served(broker, ca, port));

      // 3. A file cut short while being copied by hand: refused, tls2 stays.
      String whole = EnrolledDataDir.tlsPem(tls3.key().getPrivate(), tls3.certificate());
      Files.writeString(files.tls(), whole.substring(0, whole.length() - 200));
      refusals = waitForRefusal(daemon, refusals, "tls.pem");
      assertEquals(tls2.certificate().getSerialNumber(), served(broker, ca, port));

      // 4. A certificate of another CA: refused.
      TestCa.Leaf foreign = new TestCa("Someone else's CA").issue("urn:xenia:host:1");
      Files.writeString(
          files.tls(), EnrolledDataDir.tlsPem(foreign.key().getPrivate(), foreign.certificate()));
      AuditEntry other = waitForAudit(daemon, "identity-reload-refused", 3);
      assertTrue(
          other.details().get("error").contains("not issued by a host CA"), other.toString());

      // 5. A certificate already on the broker's CRL (revocations reach the API by heartbeats):
      // refused.
      TestCa.Leaf revoked = hostCa.issue("urn:xenia:host:1");
      services.revocations().revoke(revoked.certificate().getSerialNumber());
      Files.writeString(
          files.tls(), EnrolledDataDir.tlsPem(revoked.key().getPrivate(), revoked.certificate()));
      waitForRefusal(daemon, refusals, "is revoked");
      assertEquals(tls2.certificate().getSerialNumber(), served(broker, ca, port));

      // 6. Whole files again: served; and revocation of callers works as before the reload.
      EnrolledDataDir.rotate(
          dataDir,
          tls3.key().getPrivate(),
          tls3.certificate(),
          member(dhtCa, hostKey, MembershipRole.HOST, Duration.ofDays(1)).toJson());
      waitForServed(broker, ca, port, tls3.certificate().getSerialNumber());
      TestCa.Leaf brokerB = hostCa.issue("broker-b");
      assertEquals(tls3.certificate().getSerialNumber(), served(brokerB, ca, port));
      services.revocations().revoke(brokerB.certificate().getSerialNumber());
      assertThrows(IOException.class, () -> served(brokerB, ca, port));
      assertEquals(tls3.certificate().getSerialNumber(), served(broker, ca, port));

      // 7. After the first membership certificate expired, a broker node that meets the host for
      // the first time (through it as its only seed) accepts it and finds its ads.
      long wait = java.time.Duration.between(Instant.now(), firstExpires).toMillis() + 500;
      if (wait > 0) {
        Thread.sleep(wait);
      }
      Ed25519KeyPair lateKey = Ed25519KeyPair.generate(new SecureRandom());
      lateBroker =
          UdpDhtNode.start(
              dhtConfig,
              NodeIdentity.certified(
                  lateKey, member(dhtCa, lateKey, MembershipRole.BROKER, Duration.ofDays(1))),
              MembershipPolicy.requireCertificate(dhtCa.publicKey(), Clock.systemUTC()),
              new InetSocketAddress("127.0.0.1", 0));
      lateBroker.join(List.of(services.dhtAddress())).get(10, TimeUnit.SECONDS);
      SearchIndex market = SearchIndex.create(lateBroker.node(), EUR, Clock.systemUTC());
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      List<String> found = List.of();
      while (System.nanoTime() < deadline) {
        found =
            market
                .search(Query.parse("cpu>=1"), SearchOptions.defaults().withPageSize(100))
                .get(10, TimeUnit.SECONDS)
                .offers()
                .stream()
                .map(Offer::advertisement)
                .filter(a -> a.hostId().equals(hostId))
                .map(a -> a.machineId())
                .sorted()
                .toList();
        if (found.equals(List.of("m1", "m2"))) {
          break;
        }
        Thread.sleep(50);
      }
      assertEquals(List.of("m1", "m2"), found);
    } finally {
      if (loop != null) {
        loop.close();
      }
      if (services != null) {
        services.close();
      }
      if (lateBroker != null) {
        lateBroker.close();
      }
      daemon.close();
      brokerNode.close();
    }
  }
}
