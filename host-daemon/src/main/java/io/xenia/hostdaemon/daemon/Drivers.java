package io.xenia.hostdaemon.daemon;

import io.xenia.hostdaemon.driver.Driver;
import io.xenia.hostdaemon.driver.MachineSpec;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;

/**
 * The drivers of one daemon, by {@link Driver#kind()}. Drivers are only added (a reloaded inventory
 * may use a kind the daemon started without, {@link #ensure}); closing closes every driver.
 */
public final class Drivers implements AutoCloseable {
  private final Map<String, Driver> byKind;
  private final Map<String, DriverFactory> factories;
  private final Path dataDir;
  private final Clock clock;

  private Drivers(
      Map<String, Driver> byKind, Map<String, DriverFactory> factories, Path dataDir, Clock clock) {
    this.byKind = new java.util.concurrent.ConcurrentHashMap<>(byKind);
    this.factories = Map.copyOf(factories);
    this.dataDir = dataDir;
    this.clock = clock;
  }

  /** Exactly these drivers. */
  public static Drivers of(Driver... drivers) {
    Map<String, Driver> m = new LinkedHashMap<>();
    for (Driver d : drivers) {
      if (m.put(d.kind(), d) != null) {
        throw new IllegalArgumentException("two drivers of kind " + d.kind());
      }
    }
    return new Drivers(m, Map.of(), null, null);
  }

  /**
   * One driver per kind the inventory uses, from the {@link DriverFactory} implementations on the
   * class path.
   *
   * @throws IllegalStateException naming a kind no factory serves
   */
  public static Drivers load(Set<String> kinds, Path dataDir, Clock clock) throws Exception {
    Map<String, DriverFactory> factories = new LinkedHashMap<>();
    for (DriverFactory f : ServiceLoader.load(DriverFactory.class)) {
      factories.putIfAbsent(f.kind(), f);
    }
    Drivers drivers = new Drivers(Map.of(), factories, dataDir, clock);
    drivers.ensure(kinds);
    return drivers;
  }

  /**
   * Makes sure there is a driver of each kind, creating missing ones from the class path's
   * factories (none for {@link #of}).
   *
   * @throws IllegalStateException naming a kind no factory serves (nothing is created then)
   */
  public synchronized void ensure(Set<String> kinds) throws Exception {
    for (String kind : kinds) {
      if (!byKind.containsKey(kind) && !factories.containsKey(kind)) {
        throw new IllegalStateException(
            "no driver \"" + kind + "\" on the class path (have: " + available() + ")");
      }
    }
    for (String kind : new TreeSet<>(kinds)) {
      if (!byKind.containsKey(kind)) {
        DriverFactory f = factories.get(kind);
        byKind.put(
            kind, f.create(new DriverContext(dataDir.resolve("drivers").resolve(kind), clock)));
      }
    }
  }

  private Set<String> available() {
    Set<String> s = new TreeSet<>(byKind.keySet());
    s.addAll(factories.keySet());
    return s;
  }

  /**
   * The machine's driver.
   *
   * @throws IllegalStateException if this daemon has none of that kind
   */
  public Driver forMachine(MachineSpec machine) {
    Driver d = byKind.get(machine.driver());
    if (d == null) {
      throw new IllegalStateException(
          "machine " + machine.id() + " needs driver \"" + machine.driver() + "\", not loaded");
    }
    return d;
  }

  @Override
  public void close() {
    byKind.values().forEach(Driver::close);
  }
}
