package io.xenia.deploy.market;

import com.fasterxml.jackson.databind.JsonNode;
import io.xenia.deploy.hosts.HostDaemonProcess;
import io.xenia.deploy.hosts.HostEnrollment;
import io.xenia.hostdaemon.enroll.HostIdentity;
import io.xenia.hostdaemon.enroll.IdentityFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The hosts of the local marketplace: host-operator accounts, {@code host-daemon run} child JVMs
 * enrolled through the broker's enrollment flow (a one-time token of their operator, then {@code
 * enroll}), each with an inventory from {@link MarketPlan}, all under {@code <data-dir>/hosts}.
 *
 * <p>{@link #start} returns once every daemon heartbeats ({@code up}) and every machine's offer is
 * in the search index (or the wait timed out: {@link #ready()} says so). {@link #stop} ends what is
 * still leased (reason {@code admin}), waits until every machine is wiped, then stops the daemons
 * with SIGTERM (they withdraw their ads).
 */
public final class LocalMarket implements AutoCloseable {
  /** Thrown by {@link #start} when asked to stop while waiting (what was started is stopped). */
  public static final class Cancelled extends RuntimeException {
    Cancelled() {
      super("stopped while the hosts were starting");
    }
  }

  /** How the marketplace is made. */
  public record Options(int hosts, int fakeMachines, boolean netnsWanted, long readyTimeoutMs) {}

  /** One running host daemon. */
  public record RunningHost(
      MarketPlan.Host plan,
      UUID hostId,
      Operators.Operator operator,
      HostDaemonProcess process,
      Path dir) {
    public String ownerAccountId() {
      return operator.accountId();
    }

    public Path netnsStateDir() {
      return dir.resolve("netns");
    }
  }

  private final BrokerApi api;
  private final String adminKey;
  private final List<RunningHost> hosts;
  private final Optional<String> netnsUnavailable;
  private final int machines;
  private final Consumer<String> progress;
  private boolean ready;
  private long readyNanos;
  private boolean stopped;

  private LocalMarket(
      BrokerApi api,
      String adminKey,
      List<RunningHost> hosts,
      Optional<String> netnsUnavailable,
      int machines,
      Consumer<String> progress) {
    this.api = api;
    this.adminKey = adminKey;
    this.hosts = hosts;
    this.netnsUnavailable = netnsUnavailable;
    this.machines = machines;
    this.progress = progress;
  }

  /**
   * Starts the hosts and waits until they are ready.
   *
   * @param dir {@code <data-dir>/hosts}
   * @param apiUrl the broker's REST API
   * @param dhtPort the broker's search-dht node (the daemons' seed)
   * @param kafka Kafka's bootstrap servers, where the daemons meter usage
   */
  public static LocalMarket start(
      Path dir,
      URI apiUrl,
      String adminKey,
      int dhtPort,
      String kafka,
      Options options,
      Consumer<String> progress,
      BooleanSupplier cancelled) {
    long started = System.nanoTime();
    Optional<String> netnsUnavailable =
        options.netnsWanted() ? NetnsSupport.missing() : Optional.of("--no-netns was given");
    List<MarketPlan.Host> plan =
        MarketPlan.plan(
            options.hosts(),
            options.fakeMachines(),
            netnsUnavailable.isEmpty(),
            Runtime.getRuntime().availableProcessors());
    BrokerApi api = new BrokerApi(apiUrl);
    List<RunningHost> running = new ArrayList<>();
    int machines = plan.stream().mapToInt(h -> h.machines().size()).sum();
    LocalMarket market =
        new LocalMarket(api, adminKey, running, netnsUnavailable, machines, progress);
    try {
      Files.createDirectories(dir);
      List<Operators.Operator> operators =
          Operators.ensure(
              api, dir.resolve("operators.properties"), MarketPlan.operators(options.hosts()));
      progress.accept(
          "Starting "
              + plan.size()
              + " host daemon(s) of "
              + operators.size()
              + " host operator(s) with "
              + machines
              + " machines ("
              + (netnsUnavailable.isEmpty()
                  ? "netns machines you can SSH into"
                  : "fake machines only: " + netnsUnavailable.get())
              + ")...");
      for (MarketPlan.Host host : plan) {
        Operators.Operator operator = operators.get(host.operator());
        Path hostDir = dir.resolve(host.name());
        Path state = hostDir.resolve("state");
        Files.createDirectories(hostDir);
        if (!HostEnrollment.enrolled(state)) {
          String token =
              api.call("POST", "/v1/hosts/enrollment-tokens", operator.apiKey(), Map.of())
                  .path("token")
                  .asText();
          HostEnrollment.enroll(apiUrl, token, state, host.name());
        }
        HostIdentity identity = new IdentityFiles(state).load();
        if (!identity.broker().equals(apiUrl)) {
          pointAt(state, apiUrl); // the API's port changed since this host enrolled
        }
        UUID hostId = identity.hostId();
        String inventory =
            InventoryYaml.of(host, operator.accountId(), dhtPort, hostDir.resolve("netns"));
        HostDaemonProcess process =
            HostDaemonProcess.start(
                hostDir.resolve("inventory.yaml"),
                inventory,
                List.of("--kafka", kafka),
                Optional.of(hostDir.resolve("daemon.log")));
        running.add(new RunningHost(host, hostId, operator, process, hostDir));
      }
      market.awaitReady(options.readyTimeoutMs(), cancelled);
      market.readyNanos = System.nanoTime() - started;
      return market;
    } catch (IOException e) {
      market.stop();
      throw new UncheckedIOException(e);
    } catch (RuntimeException | Error e) {
      market.stop();
      throw e;
    }
  }

  /**
   * Rewrites the broker URL of an enrolled identity ({@code identity/enrollment.properties}, which
   * {@code run} heartbeats to): the same broker, on another port than at enrollment ({@code --port
   * 0}, or a changed {@code --port}).
   */
  private static void pointAt(Path state, URI apiUrl) throws IOException {
    Path file = state.resolve("identity").resolve("enrollment.properties");
    List<String> lines = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      lines.add(line.startsWith("broker=") ? "broker=" + apiUrl : line);
    }
    Path tmp = file.resolveSibling("enrollment.properties.tmp");
    Files.write(tmp, lines, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(file));
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private void awaitReady(long timeoutMs, BooleanSupplier cancelled) {
    long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
    String waitingFor = "";
    while (true) {
      if (cancelled.getAsBoolean()) {
        throw new Cancelled();
      }
      for (RunningHost h : hosts) {
        if (!h.process().isAlive()) {
          List<String> out = h.process().output();
          throw new IllegalStateException(
              h.plan().name()
                  + "'s daemon exited ("
                  + h.process().exitValue()
                  + "); the end of "
                  + h.dir().resolve("daemon.log")
                  + ":\n  "
                  + String.join("\n  ", out.subList(Math.max(0, out.size() - 15), out.size())));
        }
      }
      long up = hosts.stream().filter(h -> status(h).equals("up")).count();
      int offers = offers("cpu>=1");
      if (up == hosts.size() && offers >= machines) {
        ready = true;
        return;
      }
      waitingFor =
          up + "/" + hosts.size() + " hosts up, " + offers + "/" + machines + " offers searchable";
      if (System.nanoTime() > deadline) {
        progress.accept(
            "Not ready after "
                + timeoutMs / 1000
                + " s: "
                + waitingFor
                + "; see the daemons' logs");
        return;
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the hosts", e);
      }
    }
  }

  private String status(RunningHost h) {
    BrokerApi.Answer a = api.send("GET", "/v1/hosts/" + h.hostId(), adminKey, null);
    return a.ok() ? a.body().path("status").asText() : "unknown";
  }

  /** How many offers match {@code query} in the broker's search index. */
  int offers(String query) {
    BrokerApi.Answer a =
        api.send("GET", "/v1/offers?pageSize=1&q=" + BrokerApi.query(query), adminKey, null);
    return a.ok() ? a.body().path("total").asInt() : 0;
  }

  /** Whether every host was up and every offer searchable before the timeout. */
  public boolean ready() {
    return ready;
  }

  /** From the start of {@link #start} to ready (or to the timeout). */
  public long readyNanos() {
    return readyNanos;
  }

  /** Why the real machines are fake ones, if they are. */
  public Optional<String> netnsUnavailable() {
    return netnsUnavailable;
  }

  public List<RunningHost> hosts() {
    return List.copyOf(hosts);
  }

  /** All machines on offer, real and simulated. */
  public int machines() {
    return machines;
  }

  /**
   * Ends every live session (as the admin), waits until the hosts have wiped their machines, then
   * stops the daemons. Idempotent.
   *
   * @return whether it all went cleanly (every machine wiped, every daemon stopped by SIGTERM)
   */
  public synchronized boolean stop() {
    if (stopped) {
      return true;
    }
    stopped = true;
    boolean clean = true;
    try {
      int ended = endLiveSessions();
      if (ended > 0) {
        progress.accept(
            "Ended " + ended + " live session(s) (reason admin); wiping their machines...");
        clean &= awaitWiped(30_000);
      }
    } catch (RuntimeException e) {
      progress.accept("Could not end the live sessions: " + e.getMessage());
      clean = false;
    }
    // All at once: a stopping daemon withdraws its ads (up to 10 s for its last publish, 10 s for
    // the
    // withdrawals), and holders that stopped first only make it wait for its timeouts; one after
    // another, those waits add up.
    for (RunningHost h : hosts) {
      h.process().destroySoftly();
    }
    for (RunningHost h : hosts) {
      try {
        if (!h.process().awaitExit(30)) {
          clean = false;
          progress.accept(h.plan().name() + "'s daemon did not stop within 30 s; killed");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        clean = false;
      }
    }
    for (RunningHost h : hosts) {
      int left = leftoverNetnsMachines(h);
      if (left > 0) {
        clean = false;
        progress.accept(
            h.plan().name()
                + ": "
                + left
                + " netns machine(s) not wiped under "
                + h.netnsStateDir());
      }
    }
    return clean;
  }

  @Override
  public void close() {
    stop();
  }

  private int endLiveSessions() {
    int ended = 0;
    for (String state : List.of("requested", "admitted", "provisioning", "running")) {
      String token = null;
      do {
        JsonNode page =
            api.call(
                "GET",
                "/v1/sessions?limit=100&state="
                    + state
                    + (token == null ? "" : "&pageToken=" + token),
                adminKey,
                null);
        for (JsonNode s : page.path("items")) {
          api.send("DELETE", "/v1/sessions/" + s.path("id").asText(), adminKey, null);
          ended++;
        }
        token = page.path("nextPageToken").isTextual() ? page.path("nextPageToken").asText() : null;
      } while (token != null);
    }
    return ended;
  }

  /** Waits until every live host reports all its machines ready (wiped) in its heartbeat. */
  private boolean awaitWiped(long timeoutMs) {
    long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
    while (System.nanoTime() < deadline) {
      boolean all = true;
      for (RunningHost h : hosts) {
        if (!h.process().isAlive()) {
          continue;
        }
        BrokerApi.Answer a = api.send("GET", "/v1/hosts/" + h.hostId(), adminKey, null);
        JsonNode b = a.body();
        if (!a.ok() || b.path("machinesReady").asInt(-1) != b.path("machinesTotal").asInt(-2)) {
          all = false;
        }
      }
      if (all) {
        return true;
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    progress.accept("Some machines were not wiped within " + timeoutMs / 1000 + " s");
    return false;
  }

  private static int leftoverNetnsMachines(RunningHost h) {
    Path machinesDir = h.netnsStateDir().resolve("machines");
    if (!Files.isDirectory(machinesDir)) {
      return 0;
    }
    try (Stream<Path> list = Files.list(machinesDir)) {
      return (int) list.count();
    } catch (IOException e) {
      return 0;
    }
  }
}
