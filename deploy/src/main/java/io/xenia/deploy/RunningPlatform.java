package io.xenia.deploy;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.xenia.broker.search.SearchNetwork;
import io.xenia.broker.sessions.Charging;
import io.xenia.broker.sessions.SessionsConfig;
import io.xenia.deploy.billing.BillingService;
import io.xenia.deploy.market.LocalMarket;
import io.xenia.deploy.market.ReadyCustomer;
import io.xenia.hostdaemon.metering.MeteringSettings;
import io.xenia.testsupport.KafkaServer;
import io.xenia.testsupport.PostgresServer;
import java.io.IOException;
import java.net.BindException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The whole platform on this machine: embedded PostgreSQL and a Kafka KRaft broker (a child JVM),
 * both keeping their data in a {@link DataDirectory}, and the Xenia broker's HTTP API in this JVM,
 * all on the loopback interface only.
 *
 * <p>{@link #start} returns once everything answers; {@link #close()} stops the broker, then Kafka,
 * then PostgreSQL, and releases the data directory. Thread-safe: {@link #close()} may be called
 * from a signal handler or a shutdown hook while another thread waits.
 */
final class RunningPlatform implements AutoCloseable {

  /** The broker's database in the embedded PostgreSQL. */
  static final String DATABASE = "xenia";

  private final DataDirectory data;
  private final PostgresServer postgres;
  private final KafkaServer kafka;
  private final ApplicationContext broker;
  private final URI apiUrl;
  private final String adminApiKey;
  private final Consumer<String> progress;
  private LocalMarket market;
  private ReadyCustomer customer;
  private BillingService billing;
  private boolean closed;
  private boolean closedCleanly;

  private RunningPlatform(
      DataDirectory data,
      PostgresServer postgres,
      KafkaServer kafka,
      ApplicationContext broker,
      URI apiUrl,
      String adminApiKey,
      Consumer<String> progress) {
    this.data = data;
    this.postgres = postgres;
    this.kafka = kafka;
    this.broker = broker;
    this.apiUrl = apiUrl;
    this.adminApiKey = adminApiKey;
    this.progress = progress;
  }

  /**
   * Starts everything on {@code data}, which the returned platform then owns (and releases on
   * {@link #close()}; on failure it is released before this throws).
   *
   * @param port the API's port on 127.0.0.1; 0 for any free one
   * @param progress receives one short line per step
   * @param cancelled asked between steps; when true, what is up is stopped again and this throws
   *     {@link StartCancelled}
   * @throws LaunchException if the port is taken (nothing is started then)
   */
  static RunningPlatform start(
      DataDirectory data, int port, Consumer<String> progress, BooleanSupplier cancelled) {
    return start(data, port, null, Charging.ACCRUAL, progress, cancelled);
  }

  /**
   * As above, then the local marketplace's hosts ({@link LocalMarket}, unless {@code market} is
   * null or has no hosts) and a {@link ReadyCustomer}.
   *
   * @param charging who charges sessions: the broker ({@code ACCRUAL}) or a billing service run
   *     against this platform's database ({@code METERED}: the broker then only holds, see
   *     docs/sessions.md "Metered charging (with billing)")
   */
  static RunningPlatform start(
      DataDirectory data,
      int port,
      LocalMarket.Options market,
      Charging charging,
      Consumer<String> progress,
      BooleanSupplier cancelled) {
    PostgresServer postgres = null;
    KafkaServer kafka = null;
    try {
      if (port != 0 && !DataDirectory.isFree(port)) {
        throw portInUse(port, null);
      }
      String adminApiKey = data.adminApiKey();
      Set<Integer> taken = new HashSet<>();
      taken.add(port);
      int postgresPort = distinctPort(data, "postgres.port", taken);
      int kafkaPort = distinctPort(data, "kafka.port", taken);
      int controllerPort = distinctPort(data, "kafka.controller.port", taken);
      // Kept between runs like the others, so that a second node can name it as a seed.
      int dhtPort = distinctPort(data, "dht.port", taken);
      int billingPort = distinctPort(data, "billing.port", taken);

      progress.accept(
          "Starting PostgreSQL (port " + postgresPort + ") and Kafka (port " + kafkaPort + ")...");
      ExecutorService starter =
          Executors.newFixedThreadPool(
              2,
              task -> {
                Thread thread = new Thread(task, "xenia-local-start");
                thread.setDaemon(true);
                return thread;
              });
      Future<PostgresServer> postgresStart;
      Future<KafkaServer> kafkaStart;
      try {
        postgresStart =
            starter.submit(
                () ->
                    PostgresServer.builder()
                        .dataDirectory(data.postgres())
                        .port(postgresPort)
                        .start());
        kafkaStart =
            starter.submit(
                () ->
                    KafkaServer.builder()
                        .dataDirectory(data.kafka())
                        .port(kafkaPort)
                        .controllerPort(controllerPort)
                        .start());
      } finally {
        starter.shutdown();
      }
      RuntimeException failure = null;
      try {
        postgres = postgresStart.get();
      } catch (ExecutionException | InterruptedException e) {
        failure = startFailure("PostgreSQL", e);
      }
      try {
        kafka = kafkaStart.get();
      } catch (ExecutionException | InterruptedException e) {
        RuntimeException kafkaFailure = startFailure("Kafka", e);
        if (failure == null) {
          failure = kafkaFailure;
        } else {
          failure.addSuppressed(kafkaFailure);
        }
      }
      if (failure != null) {
        throw failure;
      }
      if (cancelled.getAsBoolean()) {
        throw new StartCancelled();
      }
      boolean created = ensureDatabase(postgres);
      progress.accept(
          (created ? "Created" : "Found")
              + " the database "
              + DATABASE
              + "; starting the broker...");

      if (charging == Charging.METERED) {
        progress.accept(
            "Charging: metered (the broker holds money for sessions; the billing service charges"
                + " usage)");
      }
      ApplicationContext broker =
          startBroker(postgres, kafka, port, adminApiKey, data, dhtPort, charging);
      int actualPort = broker.getBean(EmbeddedServer.class).getPort();
      RunningPlatform platform =
          new RunningPlatform(
              data,
              postgres,
              kafka,
              broker,
              URI.create("http://127.0.0.1:" + actualPort),
              adminApiKey,
              progress);
      try {
        // The daemons meter running sessions into usage.v1; the embedded Kafka creates no topic
        // by itself, and a producer waiting for a missing one also holds up the daemon's stop.
        kafka.createTopic(MeteringSettings.TOPIC, 4);
        if (charging == Charging.METERED) {
          progress.accept("Starting the billing service (port " + billingPort + ")...");
          platform.billing = startBilling(postgres, kafka, billingPort, data);
        }
        if (market != null && market.hosts() > 0) {
          if (cancelled.getAsBoolean()) {
            throw new StartCancelled();
          }
          platform.market =
              LocalMarket.start(
                  data.root().resolve("hosts"),
                  platform.apiUrl,
                  adminApiKey,
                  dhtPort,
                  kafka.bootstrapServers(),
                  market,
                  progress,
                  cancelled);
          platform.customer =
              ReadyCustomer.ensure(
                  platform.apiUrl, adminApiKey, data.root().resolve("customer.properties"));
        }
      } catch (RuntimeException | Error e) {
        platform.stop();
        if (e instanceof LocalMarket.Cancelled) {
          throw new MarketFailed(new StartCancelled());
        }
        if (e instanceof Error) {
          throw (Error) e;
        }
        throw new MarketFailed((RuntimeException) e);
      }
      return platform;
    } catch (RuntimeException | Error e) {
      if (e instanceof MarketFailed) {
        throw (RuntimeException) e.getCause(); // the platform stopped itself
      }
      if (kafka != null) {
        quietly(kafka::close, e);
      }
      if (postgres != null) {
        quietly(postgres::close, e);
      }
      data.close();
      throw e;
    }
  }

  /** Carries a failure of the marketplace out of {@link #start}, past the cleanup it did itself. */
  private static final class MarketFailed extends RuntimeException {
    MarketFailed(RuntimeException cause) {
      super(cause);
    }
  }

  /** Thrown by {@link #start} when it was asked to stop before the broker started. */
  static final class StartCancelled extends LaunchException {
    StartCancelled() {
      super("stopped while starting");
    }
  }

  /** The marketplace's hosts, if any were started. */
  Optional<LocalMarket> market() {
    return Optional.ofNullable(market);
  }

  /** The customer ready to lease, once the marketplace's hosts are up. */
  Optional<ReadyCustomer> customer() {
    return Optional.ofNullable(customer);
  }

  /** {@code http://127.0.0.1:port}: the broker's REST API. */
  /**
   * A JDBC connection to the broker's database: the database a billing service runs against (its
   * own schema, docs/billing.md), and checks below the API.
   */
  Connection jdbc() throws SQLException {
    return DriverManager.getConnection(
        postgres.jdbcUrl(DATABASE), postgres.user(), postgres.password());
  }

  /** The billing service's REST API, when it runs (metered charging). */
  Optional<URI> billingUrl() {
    return Optional.ofNullable(billing).map(BillingService::api);
  }

  /**
   * Billing as its own process against the broker's database (its own schema) and Kafka; the broker
   * has migrated the database (V014, the billing contract) by now.
   */
  private static BillingService startBilling(
      PostgresServer postgres, KafkaServer kafka, int port, DataDirectory data) {
    java.util.Map<String, Object> settings = new java.util.HashMap<>();
    settings.put("xenia.database.url", postgres.jdbcUrl(DATABASE));
    settings.put("xenia.database.user", postgres.user());
    settings.put("xenia.database.password", postgres.password());
    settings.put("xenia.billing.kafka-bootstrap-servers", kafka.bootstrapServers());
    // One instance, restarted in place: it takes its partitions back at once.
    settings.put("xenia.billing.instance-id", "xenia-local-billing");
    try {
      return BillingService.start(settings, port, data.billingLog());
    } catch (java.io.IOException e) {
      throw new LaunchException("cannot start the billing service: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LaunchException("interrupted while starting the billing service");
    }
  }

  /** Who charges sessions on this platform's broker. */
  Charging charging() {
    return broker.getBean(SessionsConfig.class).mode();
  }

  URI apiUrl() {
    return apiUrl;
  }

  /** The admin's bearer token (the same on every run on the same data directory). */
  String adminApiKey() {
    return adminApiKey;
  }

  /** The broker's DHT node as {@code host:port} (UDP and TCP), or empty if search is disabled. */
  Optional<String> dhtAddress() {
    return broker
        .findBean(SearchNetwork.class)
        .map(n -> n.address().getAddress().getHostAddress() + ":" + n.address().getPort());
  }

  String kafkaBootstrapServers() {
    return kafka.bootstrapServers();
  }

  String jdbcUrl() {
    return postgres.jdbcUrl(DATABASE);
  }

  String databaseUser() {
    return postgres.user();
  }

  DataDirectory data() {
    return data;
  }

  /** The Kafka broker's JVM (a child of this one). */
  ProcessHandle kafkaProcess() {
    return kafka.process();
  }

  /**
   * The PostgreSQL postmaster, from its pid file. It is not a descendant of this JVM: {@code
   * pg_ctl} starts it detached, in a session of its own.
   */
  Optional<ProcessHandle> postgresProcess() {
    Path pidFile = data.postgres().resolve("pgdata").resolve("postmaster.pid");
    try {
      String first = Files.readAllLines(pidFile, StandardCharsets.US_ASCII).get(0).strip();
      return ProcessHandle.of(Long.parseLong(first));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * Stops the broker, then Kafka, then PostgreSQL, each even if an earlier one failed, and releases
   * the data directory. Idempotent; a second caller waits for the first.
   *
   * @return whether every part stopped without an error
   */
  synchronized boolean stop() {
    if (closed) {
      return closedCleanly;
    }
    closed = true;
    List<String> failures = new ArrayList<>();
    if (market != null) {
      step(
          "the host daemons",
          () -> {
            if (!market.stop()) {
              throw new IllegalStateException("not every machine was wiped or daemon stopped");
            }
          },
          failures);
    }
    if (billing != null) {
      // After the daemons (their last usage records are in Kafka), before the database.
      step(
          "the billing service",
          () -> {
            try {
              billing.close();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              throw new IllegalStateException("interrupted", e);
            }
          },
          failures);
    }
    // The broker quiesces its own sweeps and database work on close (QuiesceOnShutdown).
    step("the broker", broker::close, failures);
    step("Kafka", kafka::close, failures);
    step("PostgreSQL", postgres::close, failures);
    data.close();
    closedCleanly = failures.isEmpty();
    return closedCleanly;
  }

  /** {@link #stop()}. */
  @Override
  public void close() {
    stop();
  }

  private void step(String name, Runnable action, List<String> failures) {
    long started = System.nanoTime();
    try {
      action.run();
      progress.accept(name + " stopped (" + seconds(System.nanoTime() - started) + ")");
    } catch (RuntimeException | Error e) {
      failures.add(name);
      progress.accept(name + " did not stop cleanly: " + e);
    }
  }

  static String seconds(long nanos) {
    return String.format("%.1f s", nanos / 1e9);
  }

  private static ApplicationContext startBroker(
      PostgresServer postgres,
      KafkaServer kafka,
      int port,
      String adminApiKey,
      DataDirectory data,
      int dhtPort,
      Charging charging) {
    Map<String, Object> properties = new HashMap<>();
    properties.put("micronaut.server.host", "127.0.0.1");
    properties.put("micronaut.server.port", port == 0 ? -1 : port);
    properties.put("xenia.database.url", postgres.jdbcUrl(DATABASE));
    properties.put("xenia.database.user", postgres.user());
    properties.put("xenia.database.password", postgres.password());
    properties.put("xenia.bootstrap.admin.api-key", adminApiKey);
    // The broker does not use Kafka yet; this is the standard Micronaut Kafka key for when it does.
    properties.put("kafka.bootstrap.servers", kafka.bootstrapServers());
    // The broker's embedded search-dht node: keys in <data-dir>/search/, created on the first run.
    properties.put("xenia.search.bind", "127.0.0.1:" + dhtPort);
    properties.put("xenia.search.node-key-file", data.search().resolve("node-key.pem").toString());
    properties.put("xenia.search.ca-key-file", data.search().resolve("ca-key.pem").toString());
    // Image bytes (content-addressed store, docs/images.md) live in the data directory too.
    properties.put("xenia.images.dir", data.root().resolve("images").toString());
    // A development platform on one machine: images may be registered from a server on 127.0.0.1.
    properties.put("xenia.images.allow-private-urls", "true");
    // Hosts on this machine: heartbeats every second, a silent host is down after 8 s (not the
    // production minute), so that a killed daemon's sessions end promptly with host-unreachable.
    properties.put("xenia.hosts.heartbeat-interval", "1s");
    properties.put("xenia.hosts.suspect-after-missed", 4);
    properties.put("xenia.hosts.down-after-missed", 8);
    properties.put("xenia.hosts.detector-interval", "500ms");
    // Sessions' charges, holds and lease ends every second; hosts asked about them every 2 s.
    properties.put("xenia.sessions.expiry-sweep-interval", "1s");
    properties.put("xenia.sessions.watch-interval", "2s");
    // accrual: the broker charges sessions itself; metered: the billing service does.
    properties.put("xenia.sessions.charging", charging.name().toLowerCase(java.util.Locale.ROOT));
    properties.put(
        "xenia.sessions.signing-key-file",
        data.root().resolve("broker-signing-key.pem").toString());
    ApplicationContext context = ApplicationContext.builder().properties(properties).build();
    try {
      context.start();
      EmbeddedServer server = context.getBean(EmbeddedServer.class);
      if (!server.isRunning()) {
        server.start();
      }
      return context;
    } catch (RuntimeException | Error e) {
      quietly(context::close, e);
      Throwable bind = e;
      while (bind != null && !(bind instanceof BindException)) {
        bind = bind.getCause();
      }
      if (bind != null) {
        throw portInUse(port, e);
      }
      throw e;
    }
  }

  /** Creates the broker's database unless it exists; returns whether it created it. */
  private static boolean ensureDatabase(PostgresServer postgres) {
    try (Connection connection =
            DriverManager.getConnection(
                postgres.jdbcUrl("postgres"), postgres.user(), postgres.password());
        PreparedStatement exists =
            connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
      exists.setString(1, DATABASE);
      try (ResultSet result = exists.executeQuery()) {
        if (result.next()) {
          return false;
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot look for the database " + DATABASE, e);
    }
    postgres.createDatabase(DATABASE);
    return true;
  }

  private static int distinctPort(DataDirectory data, String name, Set<Integer> taken) {
    for (int attempt = 0; attempt < 20; attempt++) {
      int port = data.port(name);
      if (taken.add(port)) {
        return port;
      }
      data.forgetPort(name);
    }
    throw new IllegalStateException("cannot find a free port for " + name);
  }

  static LaunchException portInUse(int port, Throwable cause) {
    return new LaunchException(
        "port "
            + port
            + " on 127.0.0.1 is already in use (another xenia-local, or another program);"
            + " stop it or choose another port with --port",
        cause);
  }

  private static RuntimeException startFailure(String what, Exception e) {
    if (e instanceof InterruptedException) {
      Thread.currentThread().interrupt();
      return new IllegalStateException("interrupted while starting " + what, e);
    }
    Throwable cause = e.getCause();
    if (cause instanceof RuntimeException) {
      return (RuntimeException) cause;
    }
    return new IllegalStateException(what + " did not start", cause);
  }

  private static void quietly(Runnable action, Throwable primary) {
    try {
      action.run();
    } catch (RuntimeException | Error e) {
      primary.addSuppressed(e);
    }
  }
}
