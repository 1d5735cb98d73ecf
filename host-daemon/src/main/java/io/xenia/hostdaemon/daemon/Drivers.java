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

/** The drivers of one daemon, by {@link Driver#kind()}. Immutable; closing closes every driver. */
public final class Drivers implements AutoCloseable {
  private final Map<String, Driver> byKind;

  private Drivers(Map<String, Driver> byKind) {
    this.byKind = Map.copyOf(byKind);
  }

  /** Exactly these drivers. */
  public static Drivers of(Driver... drivers) {
    Map<String, Driver> m = new LinkedHashMap<>();
    for (Driver d : drivers) {
      if (m.put(d.kind(), d) != null) {
        throw new IllegalArgumentException("two drivers of kind " + d.kind());
      }
    }
    return new Drivers(m);
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
    Map<String, Driver> m = new LinkedHashMap<>();
    for (String kind : new TreeSet<>(kinds)) {
      DriverFactory f = factories.get(kind);
      if (f == null) {
        throw new IllegalStateException(
            "no driver \"" + kind + "\" on the class path (have: " + factories.keySet() + ")");
      }
      m.put(kind, f.create(new DriverContext(dataDir.resolve("drivers").resolve(kind), clock)));
    }
    return new Drivers(m);
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
