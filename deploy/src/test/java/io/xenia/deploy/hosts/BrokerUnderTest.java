package io.xenia.deploy.hosts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.xenia.hostdaemon.enroll.HostIdentity;
import io.xenia.protocol.credentials.ApiKeyToken;
import io.xenia.testsupport.PostgresServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A real broker for the host tests of this module: its own database on the shared embedded
 * PostgreSQL, HTTP on a free loopback port, short liveness windows, one host-operator account, and
 * the daemon's {@code enroll} command run against it.
 */
final class BrokerUnderTest implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final EmbeddedServer server;
  private final URI base;
  private final String operatorKey;
  private final String adminKey;
  private final Map<String, Object> properties;

  /** The outcome of one {@code enroll} command. */
  record Run(int exit, String out, String err) {}

  private BrokerUnderTest(EmbeddedServer server, String adminKey, Map<String, Object> properties)
      throws Exception {
    this.server = server;
    this.adminKey = adminKey;
    this.properties = properties;
    this.base = URI.create("http://127.0.0.1:" + server.getPort());
    JsonNode operator =
        call(
            "POST",
            "/v1/accounts",
            null,
            Map.of(
                "kind", "host-operator", "name", "Hanna Host", "contactEmail", "hanna@example.com"),
            201);
    this.operatorKey = operator.path("apiKey").path("token").asText();
  }

  private BrokerUnderTest(BrokerUnderTest before, EmbeddedServer server) {
    this.server = server;
    this.adminKey = before.adminKey;
    this.properties = before.properties;
    this.base = before.base;
    this.operatorKey = before.operatorKey;
  }

  /**
   * Stops this broker and starts another on the same database, files, HTTP port and DHT port (so
   * enrolled daemons keep reaching it), as an operator's restart would.
   */
  BrokerUnderTest restart() throws Exception {
    var dht =
        server
            .getApplicationContext()
            .getBean(io.xenia.broker.search.SearchNetwork.class)
            .address();
    Map<String, Object> p = new HashMap<>(properties);
    p.put("micronaut.server.port", base.getPort());
    p.put("xenia.search.bind", "127.0.0.1:" + dht.getPort());
    close();
    return new BrokerUnderTest(this, ApplicationContext.run(EmbeddedServer.class, p));
  }

  /**
   * Starts a broker whose failure detector runs every {@code detector}, expecting a heartbeat every
   * {@code heartbeat} and marking a silent host suspect after {@code suspectAfterMissed} and down
   * after {@code downAfterMissed} missed ones.
   */
  static BrokerUnderTest start(
      Path tmp, Duration heartbeat, int suspectAfterMissed, int downAfterMissed, Duration detector)
      throws Exception {
    return start(tmp, heartbeat, suspectAfterMissed, downAfterMissed, detector, Map.of());
  }

  /** As above, with more broker properties (e.g. {@code xenia.images.*}). */
  static BrokerUnderTest start(
      Path tmp,
      Duration heartbeat,
      int suspectAfterMissed,
      int downAfterMissed,
      Duration detector,
      Map<String, Object> extra)
      throws Exception {
    PostgresServer postgres = PostgresServer.shared();
    String database = "daemon_broker_" + UUID.randomUUID().toString().substring(0, 8);
    postgres.createDatabase(database);
    Map<String, Object> p = new HashMap<>();
    p.put("micronaut.server.port", -1);
    p.put("micronaut.server.host", "127.0.0.1");
    p.put("xenia.database.url", postgres.jdbcUrl(database));
    p.put("xenia.database.user", postgres.user());
    p.put("xenia.database.password", postgres.password());
    String admin = ApiKeyToken.generate(UUID.randomUUID()).value();
    p.put("xenia.bootstrap.admin.api-key", admin);
    p.put("xenia.search.node-key-file", tmp.resolve("search/node-key.pem").toString());
    p.put("xenia.search.ca-key-file", tmp.resolve("search/ca-key.pem").toString());
    p.put("xenia.hosts.heartbeat-interval", heartbeat.toMillis() + "ms");
    p.put("xenia.hosts.suspect-after-missed", suspectAfterMissed);
    p.put("xenia.hosts.down-after-missed", downAfterMissed);
    p.put("xenia.hosts.detector-interval", detector.toMillis() + "ms");
    p.put("xenia.images.dir", tmp.resolve("broker-images").toString());
    // Sessions: ask hosts about running sessions often (host-reclaimed is seen within a second).
    p.put("xenia.sessions.watch-interval", "300ms");
    // Expiry, charging and holds every 500 ms.
    p.put("xenia.sessions.expiry-sweep-interval", "500ms");
    p.putAll(extra);
    return new BrokerUnderTest(ApplicationContext.run(EmbeddedServer.class, p), admin, p);
  }

  /** The broker's database settings, for another service of the platform (billing) to share. */
  Map<String, Object> databaseSettings() {
    return Map.of(
        "xenia.database.url", properties.get("xenia.database.url"),
        "xenia.database.user", properties.get("xenia.database.user"),
        "xenia.database.password", properties.get("xenia.database.password"));
  }

  /** The broker's JDBC settings (for a test that must put a row in a state the API cannot). */
  java.sql.Connection jdbc() throws java.sql.SQLException {
    return java.sql.DriverManager.getConnection(
        (String) properties.get("xenia.database.url"),
        (String) properties.get("xenia.database.user"),
        (String) properties.get("xenia.database.password"));
  }

  EmbeddedServer server() {
    return server;
  }

  URI base() {
    return base;
  }

  String operatorKey() {
    return operatorKey;
  }

  /** The bootstrap admin's API key (deposits for test customers). */
  String adminKey() {
    return adminKey;
  }

  JsonNode call(String method, String path, String key, Object body, int expected)
      throws IOException, InterruptedException {
    var request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
    if (key != null) {
      request.header("Authorization", "Bearer " + key);
    }
    request.header("Content-Type", "application/json");
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    var response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(expected, response.statusCode(), response::body);
    return response.body().isEmpty() ? JSON.missingNode() : JSON.readTree(response.body());
  }

  /**
   * Calls a host daemon's control API with this broker's own mTLS client identity, as the broker
   * does (or as the host's operator taking a machine back would be seen).
   */
  HttpResponse<String> callHost(String endpoint, String method, String path, String body)
      throws IOException, InterruptedException {
    var tls =
        server.getApplicationContext().getBean(io.xenia.broker.sessions.BrokerIdentity.class).tls();
    var asBroker = HttpClient.newBuilder().sslContext(tls).build();
    return asBroker.send(
        HttpRequest.newBuilder(URI.create("https://" + endpoint + path))
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /**
   * The host takes a session's machine back, as its operator would: a terminate on its control API
   * (found through the broker's host view), answered 200.
   */
  void terminateAtHost(UUID hostId, String sessionId, String reason) throws Exception {
    String endpoint =
        call("GET", "/v1/hosts/" + hostId, operatorKey, null, 200).path("controlEndpoint").asText();
    var terminated =
        callHost(
            endpoint,
            "POST",
            "/v1/sessions/" + sessionId + "/terminate",
            "{\"reason\":\"" + reason + "\"}");
    assertEquals(200, terminated.statusCode(), terminated::body);
  }

  /** An enrolled host and its running daemon. */
  record Host(HostIdentity identity, HostDaemonProcess daemon) {}

  /**
   * Enrolls a host whose files go under {@code dir} ({@code state/}, {@code inventory.yaml}) and
   * starts {@code host-daemon run} on it, joining this broker's DHT node, its ads naming {@code
   * acct-operator-1}; {@code machines} are the inventory's lines after its {@code daemon:} section
   * ({@code defaults:}, {@code machines:}).
   */
  Host startHost(Path dir, String name, String... machines) throws Exception {
    return startHost(dir, name, java.util.List.of(), machines);
  }

  /** As above, with further {@code run} options (e.g. {@code --kafka host:port}). */
  Host startHost(Path dir, String name, java.util.List<String> runArgs, String... machines)
      throws Exception {
    HostIdentity identity = enroll(dir.resolve("state"), name);
    var dht =
        server
            .getApplicationContext()
            .getBean(io.xenia.broker.search.SearchNetwork.class)
            .address();
    HostDaemonProcess daemon =
        HostDaemonProcess.start(
            dir.resolve("inventory.yaml"),
            HostDaemonProcess.inventory(
                dht.getPort(), "acct-operator-1", String.join("\n", machines) + "\n"),
            runArgs,
            java.util.Optional.empty());
    return new Host(identity, daemon);
  }

  /** A fresh one-time enrollment token of the operator. */
  String token() throws Exception {
    return call("POST", "/v1/hosts/enrollment-tokens", operatorKey, Map.of(), 201)
        .path("token")
        .asText();
  }

  static Run enrollCommand(String... args) {
    HostEnrollment.Run run = HostEnrollment.command(args);
    return new Run(run.exit(), run.out(), run.err());
  }

  /** Enrolls a host whose data dir is {@code dir}, as {@code host-daemon enroll} does. */
  HostIdentity enroll(Path dir, String name) throws Exception {
    return HostEnrollment.enroll(base, token(), dir, name);
  }

  /** The host's liveness as the broker reports it: up, suspect, down, revoked. */
  String status(UUID host) throws Exception {
    return call("GET", "/v1/hosts/" + host, operatorKey, null, 200).path("status").asText();
  }

  /** Waits up to {@code timeout} for the status; returns the last one seen. */
  String awaitStatus(UUID host, String wanted, Duration timeout) throws Exception {
    long deadline = System.currentTimeMillis() + timeout.toMillis();
    String s = status(host);
    while (!s.equals(wanted) && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
      s = status(host);
    }
    return s;
  }

  @Override
  public void close() {
    server.getApplicationContext().close();
  }
}
