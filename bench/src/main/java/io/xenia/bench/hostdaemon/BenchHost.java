package io.xenia.bench.hostdaemon;

import com.fasterxml.jackson.databind.JsonNode;
import io.xenia.hostdaemon.api.ControlApiServer;
import io.xenia.hostdaemon.api.ControlTls;
import io.xenia.hostdaemon.api.RevocationList;
import io.xenia.hostdaemon.api.TestCa;
import io.xenia.hostdaemon.daemon.Drivers;
import io.xenia.hostdaemon.daemon.HostDaemon;
import io.xenia.hostdaemon.inventory.Inventory;
import io.xenia.hostdaemon.inventory.InventoryLoader;
import io.xenia.hostdaemon.wiring.CoreHostControl;
import io.xenia.protocol.crypto.Ed25519KeyPair;
import io.xenia.protocol.crypto.Ed25519PublicKey;
import io.xenia.protocol.encoding.CanonicalJson;
import io.xenia.protocol.money.Money;
import io.xenia.protocol.records.Agreement;
import io.xenia.protocol.records.LeaseEnd;
import io.xenia.protocol.records.PriceList;
import io.xenia.protocol.records.Resources;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A real {@link HostDaemon} with its mTLS control API on 127.0.0.1 (certificates of a test host CA,
 * as the wiring tests make them), and one broker client following its event stream: what a session
 * costs end to end, from the broker's admission request to the customer's SSH login.
 */
final class BenchHost implements AutoCloseable {
  /** One session's milestones, in milliseconds from the admission request. */
  record Timeline(
      double admitted, double provisionAccepted, double running, double sshReady, double login) {}

  private final HostDaemon daemon;
  private final ControlApiServer server;
  private final ControlApiClient broker;
  private final SessionEvents events;
  private final Ed25519PublicKey customer;
  private final Path customerKey;

  private BenchHost(
      HostDaemon daemon,
      ControlApiServer server,
      ControlApiClient broker,
      SessionEvents events,
      Ed25519PublicKey customer,
      Path customerKey) {
    this.daemon = daemon;
    this.server = server;
    this.broker = broker;
    this.events = events;
    this.customer = customer;
    this.customerKey = customerKey;
  }

  /**
   * Starts the daemon on {@code inventoryYaml} (commissioning included) and its control API.
   *
   * @param customerKey the customer's OpenSSH private key; its {@code .pub} is the agreement's key
   */
  static BenchHost start(String inventoryYaml, Path dir, Drivers drivers, Path customerKey)
      throws Exception {
    Inventory inventory = InventoryLoader.parse(inventoryYaml, "bench-inventory.yaml", dir);
    Ed25519KeyPair hostKey = Ed25519KeyPair.generate(new SecureRandom());
    TestCa hostCa = new TestCa("Xenia host CA (bench)");
    TestCa.Leaf hostTls = hostCa.issue("bench-host");
    HostDaemon daemon = HostDaemon.start(inventory, drivers, hostKey, Clock.systemUTC());
    ControlApiServer server = null;
    try {
      server =
          ControlApiServer.start(
              new InetSocketAddress("127.0.0.1", 0),
              ControlTls.context(
                  hostTls.key().getPrivate(),
                  hostTls.certificate(),
                  List.of(hostCa.certificate()),
                  new RevocationList(List.of(hostCa.certificate()))),
              new CoreHostControl(daemon));
      ControlApiClient broker = new ControlApiClient(hostCa, "bench-broker", server.port());
      return new BenchHost(
          daemon, server, broker, broker.subscribe(), OpenSsh.publicKey(customerKey), customerKey);
    } catch (Exception | Error e) {
      if (server != null) {
        server.close();
      }
      daemon.close();
      throw e;
    }
  }

  /**
   * Admission → provision (the driver's default image) → the {@code running} event → the SSH banner
   * at the endpoint the daemon returns → a real OpenSSH login. The session stays up.
   */
  Timeline provision(String machineId, String sessionId, Resources resources, long timeoutMillis)
      throws Exception {
    String body = admission(machineId, sessionId, resources);
    long start = System.nanoTime();
    broker.post("/v1/admissions", body, 201);
    double admitted = since(start);
    broker.post("/v1/sessions/" + sessionId + "/provision", "{}", 202);
    double accepted = since(start);
    events.await(sessionId, "running", timeoutMillis);
    double running = since(start);
    JsonNode status = broker.get("/v1/sessions/" + sessionId);
    String host = status.path("sshHost").asText();
    int port = status.path("sshPort").asInt();
    Ssh.waitForBanner(host, port);
    double ready = since(start);
    Ssh.login(host, port, "root", customerKey);
    double login = since(start);
    return new Timeline(admitted, accepted, running, ready, login);
  }

  /**
   * Admission, then terminate before any provision request (the claim is released): warms the TLS
   * connection, the JIT and the store without a boot.
   */
  void admitAndRelease(String machineId, String sessionId, Resources resources, long timeoutMillis)
      throws Exception {
    broker.post("/v1/admissions", admission(machineId, sessionId, resources), 201);
    terminate(sessionId, timeoutMillis);
  }

  /** The admission request body: a proposal for one hour at the list price. */
  private String admission(String machineId, String sessionId, Resources resources) {
    Instant now = Instant.now();
    Agreement proposal =
        new Agreement(
            1,
            "agr-" + sessionId,
            sessionId,
            daemon.hostKey().publicKey().fingerprint(),
            machineId,
            "acct-bench-customer",
            customer,
            "po-" + sessionId,
            resources,
            PriceList.hourly(Money.parse("EUR", "0.40")),
            now,
            new LeaseEnd.Fixed(now.plus(Duration.ofHours(1))),
            "2026-11-01");
    return "{\"agreement\":" + CanonicalJson.encodeToString(proposal.toCanonical()) + "}";
  }

  /** Terminate → {@code released} (wiped, machine ready again): milliseconds. */
  double terminate(String sessionId, long timeoutMillis) throws Exception {
    long start = System.nanoTime();
    broker.post("/v1/sessions/" + sessionId + "/terminate", "{\"reason\":\"bench\"}", 200);
    events.await(sessionId, "released", timeoutMillis);
    return since(start);
  }

  HostDaemon daemon() {
    return daemon;
  }

  private static double since(long start) {
    return (System.nanoTime() - start) / 1e6;
  }

  @Override
  public void close() {
    server.close();
    daemon.close();
  }
}
