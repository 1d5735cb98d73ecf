package io.xenia.deploy;

import io.xenia.broker.sessions.Charging;
import io.xenia.deploy.market.LocalMarket;
import io.xenia.deploy.market.MarketPlan;
import io.xenia.deploy.market.NetnsSupport;
import io.xenia.deploy.market.ReadyCustomer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * {@code xenia-local}: the whole platform on this machine, on embedded defaults. It starts
 * PostgreSQL, Kafka, the broker and the marketplace's host daemons (see {@link RunningPlatform} and
 * {@link LocalMarket}), keeping their data in one directory between runs, prints where everything
 * is and how to begin, and runs until Ctrl-C (SIGINT) or SIGTERM, which stop the broker, then
 * Kafka, then PostgreSQL.
 */
@Command(
    name = "xenia-local",
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Runs a small Xenia marketplace locally: embedded PostgreSQL, a Kafka broker, the broker's"
          + " REST API and enrolled host daemons with netns machines (fake ones when not root) and"
          + " simulated ones, all on 127.0.0.1. Prints a ready customer. Data is kept between runs."
          + " Ctrl-C ends what is leased, wipes the machines and stops everything."
    })
public final class LocalPlatform implements Callable<Integer> {

  /** The classpath resource with the launcher's logging configuration (text, not JSON). */
  static final String LOGBACK_CONFIG = "xenia-local-logback.xml";

  /** The system property that names the broker's log file in that configuration. */
  static final String LOG_FILE_PROPERTY = "xenia.local.log.file";

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      defaultValue = "${XENIA_LOCAL_DATA_DIR:-.xenia/local}",
      description =
          "Where PostgreSQL, Kafka and the admin key keep their data between runs"
              + " (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      defaultValue = "8080",
      description =
          "The REST API's port on 127.0.0.1 (default: ${DEFAULT-VALUE}; 0: any free one).")
  int port;

  @Option(
      names = "--hosts",
      paramLabel = "N",
      defaultValue = "4",
      description =
          "How many host daemons to run, each enrolled at the broker, owned by one of three host"
              + " operators, with a netns machine in each of eu-west-1, eu-central-1 and us-east-1"
              + " (default: ${DEFAULT-VALUE}; 0: the broker only).")
  int hosts;

  @Option(
      names = "--fake-machines",
      paramLabel = "N",
      defaultValue = "2000",
      description =
          "How many simulated machines (fake driver, regions sim-*) to spread over the hosts, to"
              + " make the catalogue large (default: ${DEFAULT-VALUE}).")
  int fakeMachines;

  @Option(
      names = "--no-netns",
      description =
          "Fake machines in place of the netns ones even where netns machines could run (no SSH).")
  boolean noNetns;

  @Option(
      names = "--ready-timeout",
      paramLabel = "SECONDS",
      defaultValue = "300",
      description =
          "How long to wait for every host to heartbeat and every offer to be searchable"
              + " (default: ${DEFAULT-VALUE}).")
  int readyTimeoutSeconds;

  @Option(
      names = "--charging",
      paramLabel = "MODE",
      defaultValue = "${XENIA_LOCAL_CHARGING:-metered}",
      description =
          "Who charges sessions: metered (the billing service, started here, from the hosts'"
              + " usage records in Kafka) or accrual (the broker alone, per second of lease; no"
              + " billing service) (default: ${DEFAULT-VALUE}).")
  String charging;

  @Option(
      names = "--reset",
      description =
          "Delete everything kept in the data directory first (accounts, orders, the admin key),"
              + " without asking.")
  boolean reset;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help and exit.")
  boolean help;

  private final PrintStream out;
  private final PrintStream err;

  public LocalPlatform() {
    this(System.out, System.err);
  }

  LocalPlatform(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    // Before anything logs: the broker's own logback.xml writes JSON, meant for log shippers.
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", LOGBACK_CONFIG);
    }
    int code = new CommandLine(new LocalPlatform()).execute(args);
    System.exit(code);
  }

  /**
   * Starts the platform as the options say, and returns it running; the caller stops it. (The
   * command line's {@link #call()} does this, then waits for a signal.)
   *
   * @throws LaunchException if the data directory is in use or is not one of ours, or the port is
   *     taken
   */
  RunningPlatform start(Consumer<String> progress) {
    return start(progress, () -> false);
  }

  private RunningPlatform start(Consumer<String> progress, BooleanSupplier cancelled) {
    if (port < 0 || port > 65535) {
      throw new LaunchException("--port must be between 0 and 65535, not " + port);
    }
    if (port != 0 && !DataDirectory.isFree(port)) {
      throw RunningPlatform.portInUse(port, null); // before touching the data directory
    }
    if (hosts < 0 || hosts > 64) {
      throw new LaunchException("--hosts must be between 0 and 64, not " + hosts);
    }
    if (fakeMachines < 0 || fakeMachines > 100_000) {
      throw new LaunchException(
          "--fake-machines must be between 0 and 100000, not " + fakeMachines);
    }
    if (readyTimeoutSeconds < 1) {
      throw new LaunchException("--ready-timeout must be at least 1 s, not " + readyTimeoutSeconds);
    }
    Charging chargingMode = chargingMode(charging);
    DataDirectory data = DataDirectory.open(dataDir, reset);
    if (System.getProperty(LOG_FILE_PROPERTY) == null) {
      System.setProperty(LOG_FILE_PROPERTY, data.brokerLog().toString());
    }
    // Logging starts here, now that the log file is known (nothing above logs).
    if (!SLF4JBridgeHandler.isInstalled()) {
      SLF4JBridgeHandler.removeHandlersForRootLogger();
      SLF4JBridgeHandler.install();
    }
    return RunningPlatform.start(
        data,
        port,
        new LocalMarket.Options(hosts, fakeMachines, !noNetns, readyTimeoutSeconds * 1000L),
        chargingMode,
        progress,
        cancelled);
  }

  /** {@code --charging}: accrual or metered. */
  static Charging chargingMode(String mode) {
    if ("accrual".equals(mode)) {
      return Charging.ACCRUAL;
    }
    if ("metered".equals(mode)) {
      return Charging.METERED;
    }
    throw new LaunchException("--charging must be accrual or metered, not " + mode);
  }

  @Override
  public Integer call() {
    long started = System.nanoTime();
    CountDownLatch stop = new CountDownLatch(1);
    AtomicReference<String> reason = new AtomicReference<>();
    Consumer<String> requestStop =
        why -> {
          if (reason.compareAndSet(null, why)) {
            out.println();
            out.println("Stopping (" + why + ")...");
            stop.countDown();
          } else if (why.startsWith("SIG")) {
            out.println("Already stopping (" + reason.get() + "); please wait.");
          }
        };
    // Ctrl-C and SIGTERM stop things in order here, rather than in the JVM's shutdown hooks, which
    // run all at once (the embedded servers' own hooks would race the broker's shutdown).
    SignalHandler previous = Signal.handle(new Signal("INT"), s -> requestStop.accept("SIGINT"));
    Signal.handle(new Signal("TERM"), s -> requestStop.accept("SIGTERM"));
    if (previous == SignalHandler.SIG_IGN) {
      // Inherited (e.g. started with `&` by a shell without job control): the JVM keeps it ignored.
      out.println(
          "xenia-local: SIGINT is ignored in this process (it was started in the background);"
              + " stop it with SIGTERM: kill "
              + ProcessHandle.current().pid());
    }

    out.println(
        "xenia-local: "
            + (reset ? "resetting and " : "")
            + "starting on "
            + dataDir.toAbsolutePath().normalize());
    RunningPlatform platform;
    try {
      platform = start(line -> out.println("  " + line), () -> reason.get() != null);
    } catch (RunningPlatform.StartCancelled e) {
      out.println("Xenia stopped before it was up. Data kept in " + dataDir.toAbsolutePath() + ".");
      return 0;
    } catch (LaunchException e) {
      err.println("xenia-local: " + e.getMessage());
      return 1;
    } catch (RuntimeException | Error e) {
      err.println("xenia-local: the platform did not start:");
      e.printStackTrace(err);
      return 1;
    }
    // Any other way out of the JVM (SIGHUP, an error): still stop in order.
    Thread hook = new Thread(platform::stop, "xenia-local-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    platform
        .kafkaProcess()
        .onExit()
        .thenRun(
            () -> requestStop.accept("the Kafka broker exited; see " + platform.data().kafkaLog()));
    platform
        .postgresProcess()
        .ifPresent(
            p ->
                p.onExit()
                    .thenRun(
                        () ->
                            requestStop.accept(
                                "PostgreSQL exited; see " + platform.data().postgresLog())));

    if (reason.get() == null) { // not asked to stop while starting
      out.println(banner(platform, System.nanoTime() - started));
      out.flush();
    }

    boolean interrupted = false;
    while (true) {
      try {
        stop.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    long stopping = System.nanoTime();
    boolean clean = platform.stop();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // Already shutting down; the hook finds nothing left to do.
    }
    String why = reason.get();
    boolean expected = why.startsWith("SIG");
    if (clean && expected) {
      out.println(
          "Xenia stopped cleanly in "
              + RunningPlatform.seconds(System.nanoTime() - stopping)
              + ". Data kept in "
              + platform.data().root()
              + ".");
    } else {
      out.println(
          "Xenia stopped "
              + (clean ? "" : "with errors (see above) ")
              + "after: "
              + why
              + ". Data kept in "
              + platform.data().root()
              + ".");
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return clean && expected ? 0 : 1;
  }

  /** What the user needs to begin: where things are, the admin key, and some requests to try. */
  static String banner(RunningPlatform platform, long startNanos) {
    DataDirectory data = platform.data();
    String api = platform.apiUrl().toString();
    return String.join(
        "\n",
        "",
        "Xenia is running (started in "
            + RunningPlatform.seconds(startNanos)
            + (platform.market().isPresent() ? ", the marketplace included" : "")
            + ").",
        "",
        "  API             " + api,
        "  Admin API key   " + platform.adminApiKey(),
        "  Billing         "
            + platform
                .billingUrl()
                .map(Object::toString)
                .orElse("not running (--charging accrual)"),
        "  Kafka           " + platform.kafkaBootstrapServers() + "  (bootstrap servers)",
        "  Search DHT      "
            + platform.dhtAddress().orElse("disabled")
            + "  (UDP+TCP; keys in "
            + data.search()
            + ")",
        "  PostgreSQL      " + platform.jdbcUrl() + "  (user " + platform.databaseUser() + ")",
        "  Data            " + data.root() + "  (kept between runs; --reset starts afresh)",
        "  Logs            " + data.brokerLog(),
        "                  " + data.kafkaLog(),
        "                  " + data.billingLog(),
        "                  " + data.postgresLog(),
        "",
        platform.market().isPresent() ? marketSection(platform) : tryIt(platform),
        "Health: " + api + "/health" + openApi(api),
        "Press Ctrl-C to stop.",
        "");
  }

  /** Requests to try on a platform without hosts. */
  private static String tryIt(RunningPlatform platform) {
    String api = platform.apiUrl().toString();
    String expiresAt =
        Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
    String json = "-H 'Content-Type: application/json'";
    return String.join(
        "\n",
        "Try it:",
        "",
        "  export XENIA=" + api + " ADMIN_KEY=" + platform.adminApiKey(),
        "  # 1. Register a customer. The answer has account.id and apiKey.token (shown only once).",
        "  curl -sS -X POST $XENIA/v1/accounts " + json + " \\",
        "    -d '{\"kind\":\"customer\",\"name\":\"Ada\",\"contactEmail\":\"ada@example.com\"}'",
        "  export ACCOUNT=<account.id> CUSTOMER_KEY=<apiKey.token>",
        "  # 2. Deposit 100 EUR into it, as the admin.",
        "  curl -sS -X POST $XENIA/v1/accounts/$ACCOUNT/deposits "
            + json
            + " -H \"Authorization: Bearer $ADMIN_KEY\" \\",
        "    -d '{\"amount\":{\"amount\":\"100.00\",\"currency\":\"EUR\"},"
            + "\"externalReference\":\"local-1\"}'",
        "  # 3. Open a purchase order for up to 60 EUR, as the customer.",
        "  curl -sS -X POST $XENIA/v1/purchase-orders "
            + json
            + " -H \"Authorization: Bearer $CUSTOMER_KEY\" \\",
        "    -d '{\"amountLimit\":{\"amount\":\"60.00\",\"currency\":\"EUR\"},\"expiresAt\":\""
            + expiresAt
            + "\"}'",
        "  # 4. The customer's balances: 40.00 EUR available, 60.00 ring-fenced by the order.",
        "  curl -sS $XENIA/v1/accounts/$ACCOUNT/balances -H \"Authorization: Bearer $CUSTOMER_KEY\"",
        "");
  }

  /** The hosts, the ready customer and the CLI; empty without hosts. */
  static String marketSection(RunningPlatform platform) {
    if (platform.market().isEmpty()) {
      return "";
    }
    LocalMarket market = platform.market().get();
    ReadyCustomer c = platform.customer().orElseThrow();
    List<String> lines = new ArrayList<>();
    lines.add(
        "Marketplace "
            + (market.ready() ? "ready" : "NOT READY")
            + " in "
            + RunningPlatform.seconds(market.readyNanos())
            + " after the broker: "
            + market.hosts().size()
            + " host daemons enrolled and heartbeating, "
            + market.machines()
            + " machines searchable"
            + (market.ready() ? "." : " (not all yet; see the daemons' logs)."));
    if (market.netnsUnavailable().isPresent()) {
      lines.add("");
      lines.add("  NOTE: FAKE MACHINES ONLY: " + market.netnsUnavailable().get() + ".");
      lines.add(
          "  You can search, lease, resize and end, but there is nothing to SSH into. Run as root"
              + " with "
              + NetnsSupport.PACKAGES
              + " installed for netns machines.");
    }
    lines.add("");
    for (LocalMarket.RunningHost h : market.hosts()) {
      long real = h.plan().machines().stream().filter(m -> !m.simulated()).count();
      lines.add(
          String.format(
              "  %-8s %s  owner %-12s %d real + %d simulated machines  pid %d  log %s",
              h.plan().name(),
              h.hostId(),
              h.operator().name(),
              real,
              h.plan().machines().size() - real,
              h.process().pid(),
              h.dir().resolve("daemon.log")));
    }
    lines.add(
        "  Real machines ("
            + (market.netnsUnavailable().isPresent() ? "fake" : "netns, SSH works")
            + ") are in "
            + String.join(", ", MarketPlan.REGIONS)
            + "; simulated ones (fake, nothing to log into) in sim-*.");
    lines.add("");
    lines.add("A ready customer (" + ReadyCustomer.DEPOSIT + " EUR deposited):");
    lines.add("  Customer API key " + c.apiKey());
    lines.add("  Account          " + c.accountId());
    lines.add("  Purchase order   " + c.orderId() + "  (" + ReadyCustomer.ORDER + " EUR)");
    lines.add("");
    lines.add("With the CLI (README.md has the whole walk-through):");
    lines.add("");
    lines.add("  ./xenia login --api " + platform.apiUrl() + " --key " + c.apiKey());
    lines.add("  ./xenia offers search 'cpu>=2 region=eu-*'");
    lines.add(
        "  ./xenia sessions create --order "
            + c.orderId()
            + " -q 'cpu>=2 region=eu-west-1' --duration 1h --ssh-key ~/.ssh/id_ed25519.pub");
    lines.add("  ./xenia ssh <session id> -i ~/.ssh/id_ed25519");
    lines.add("");
    return String.join("\n", lines) + "\n";
  }

  /** Where the broker serves its OpenAPI document, if its build generated one. */
  private static String openApi(String api) {
    String name = "xenia-broker.yml";
    if (LocalPlatform.class.getClassLoader().getResource("META-INF/swagger/" + name) == null) {
      return "";
    }
    return "   OpenAPI: " + api + "/openapi/" + name;
  }
}
