package io.xenia.hostdaemon.cli;

import io.xenia.hostdaemon.daemon.Drivers;
import io.xenia.hostdaemon.daemon.HostDaemon;
import io.xenia.hostdaemon.daemon.HostKeys;
import io.xenia.hostdaemon.enroll.HostIdentity;
import io.xenia.hostdaemon.enroll.IdentityFiles;
import io.xenia.hostdaemon.inventory.Inventory;
import io.xenia.hostdaemon.inventory.InventoryException;
import io.xenia.hostdaemon.inventory.InventoryLoader;
import io.xenia.hostdaemon.inventory.InventoryMachine;
import io.xenia.hostdaemon.machine.MachineRecord;
import io.xenia.hostdaemon.metering.Metering;
import io.xenia.hostdaemon.metering.MeteringSettings;
import io.xenia.hostdaemon.reload.IdentityReloader;
import io.xenia.hostdaemon.reload.InventoryReloader;
import io.xenia.hostdaemon.reload.ReloadLoop;
import io.xenia.hostdaemon.wiring.EnrolledServices;
import io.xenia.protocol.crypto.Ed25519KeyPair;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code host-daemon run --config FILE}: loads the inventory, commissions every machine, and
 * reconciles until SIGTERM or SIGINT, on which it stops cleanly (driver steps in progress finish,
 * the audit log records the stop). With an enrolled identity in the data dir it also runs the
 * {@link EnrolledServices} (search-dht node, advertiser, mTLS control API, heartbeats), stopped
 * first on SIGTERM so the ads are withdrawn; without one it runs local-only and says so. With
 * {@code --kafka} it meters running sessions into usage.v1 ({@link Metering}).
 */
@Command(
    name = "run",
    description = "Commissions the inventory's machines and keeps them converged.")
final class RunCommand implements Callable<Integer> {
  @Option(names = "--config", required = true, description = "the inventory file (YAML)")
  Path config;

  @Option(
      names = "--kafka",
      description =
          "Kafka bootstrap servers for usage records (topic usage.v1); without it nothing is metered")
  String kafka;

  @Option(
      names = "--usage-interval",
      defaultValue = "PT5S",
      description = "how often running sessions are metered, ISO-8601 (default ${DEFAULT-VALUE})")
  Duration usageInterval;

  @Option(
      names = "--reload-interval",
      defaultValue = "PT2S",
      description =
          "how often the inventory file and the identity files are checked for changes, ISO-8601"
              + " (default ${DEFAULT-VALUE}); SIGHUP reloads at once")
  Duration reloadInterval;

  @Override
  public Integer call() throws Exception {
    Inventory inventory;
    try {
      inventory = InventoryLoader.load(config);
    } catch (InventoryException e) {
      System.err.println("host-daemon: " + e.getMessage());
      return 2;
    }
    Set<String> kinds =
        inventory.machines().stream().map(m -> m.spec().driver()).collect(Collectors.toSet());
    Clock clock = Clock.systemUTC();
    IdentityFiles identityFiles = new IdentityFiles(inventory.daemon().dataDir());
    HostIdentity identity = identityFiles.enrolled() ? identityFiles.load() : null;
    if (identity != null && inventory.daemon().network().ownerAccountId().isEmpty()) {
      System.err.println(
          "host-daemon: "
              + config
              + ": daemon.advertise.ownerAccountId is required on an enrolled host (the operator"
              + " account its advertisements name)");
      return 2;
    }
    // An enrolled host signs with the key the broker certified; an unenrolled one with its own.
    Ed25519KeyPair hostKey =
        identity != null ? identity.hostKey() : HostKeys.loadOrCreate(inventory.daemon().hostKey());
    Drivers drivers = Drivers.load(kinds, inventory.daemon().dataDir(), clock);
    HostDaemon daemon = HostDaemon.start(inventory, drivers, hostKey, clock);
    Metering metering =
        kafka == null
            ? null
            : Metering.start(
                daemon,
                MeteringSettings.defaults(kafka, inventory.daemon().dataDir())
                    .withInterval(usageInterval),
                clock);
    AtomicReference<EnrolledServices> services = new AtomicReference<>();
    if (identity != null) {
      try {
        services.set(EnrolledServices.start(daemon, identity, inventory.daemon().network(), clock));
      } catch (RuntimeException e) {
        if (metering != null) {
          metering.close();
        }
        daemon.close();
        throw e;
      }
      System.out.println(
          "host-daemon: enrolled as "
              + identity.hostId()
              + "; control API on "
              + services.get().controlAddress()
              + ", search-dht node on "
              + services.get().dhtAddress()
              + ", heartbeats to "
              + identity.broker());
    } else {
      System.out.println(
          "host-daemon: not enrolled (no "
              + identityFiles.enrollment()
              + "): running local-only, no control API, heartbeats or advertisements");
    }
    // Reloads of the inventory file and (enrolled) of a rotated identity: polled, and on SIGHUP.
    InventoryReloader inventoryReloader = new InventoryReloader(config, daemon);
    ReloadLoop reloads = ReloadLoop.start(reloadInterval).watch(inventoryReloader);
    if (services.get() != null) {
      EnrolledServices s = services.get();
      inventoryReloader.addListener(next -> s.advertiser().inventoryChanged(next));
      reloads.watch(new IdentityReloader(identityFiles, s, daemon.audit(), clock));
    }
    Hangup.onHangup(reloads::reloadNow);
    CountDownLatch stopped = new CountDownLatch(1);
    // The JVM runs shutdown hooks on SIGTERM and SIGINT: the clean stop.
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.err.println("host-daemon: stopping");
                  reloads.close(); // no reload half-applied while the rest stops
                  EnrolledServices s = services.get();
                  if (s != null) {
                    s.close(); // ads withdrawn before the machines stop being served
                  }
                  if (metering != null) {
                    metering.close(); // the last records spooled (and shipped if Kafka answers)
                  }
                  daemon.close();
                  System.err.println("host-daemon: stopped");
                  stopped.countDown();
                },
                "host-daemon-stop"));
    TreeMap<String, Long> states =
        daemon.store().all().stream()
            .filter(r -> inventory.machine(r.machineId()).isPresent())
            .collect(
                Collectors.groupingBy(
                    r -> r.state().wireName(), TreeMap::new, Collectors.counting()));
    System.out.println(
        "host-daemon: running "
            + inventory.machines().size()
            + " machines "
            + states
            + ", data in "
            + inventory.daemon().dataDir());
    for (InventoryMachine m : inventory.machines()) {
      MachineRecord r = daemon.store().require(m.id());
      System.out.println(
          "  "
              + m.id()
              + " ("
              + m.spec().driver()
              + "): "
              + r.state().wireName()
              + r.reason().map(x -> " — " + x).orElse(""));
    }
    System.out.flush();
    stopped.await();
    return 0;
  }
}
