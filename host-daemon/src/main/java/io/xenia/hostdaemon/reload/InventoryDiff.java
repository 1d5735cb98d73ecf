package io.xenia.hostdaemon.reload;

import static java.util.Objects.requireNonNull;

import io.xenia.hostdaemon.driver.MachineSpec;
import io.xenia.hostdaemon.inventory.DaemonSettings;
import io.xenia.hostdaemon.inventory.Inventory;
import io.xenia.hostdaemon.inventory.InventoryMachine;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What differs between the inventory a daemon runs with and the one its file now holds: machines
 * added, removed and changed (with which aspects), whether the operator policy changed, and which
 * daemon settings changed that only a restart applies. Pure: no IO, no store.
 *
 * @param added machines only the file has, in file order
 * @param removed machines only the running inventory has
 * @param changed machines in both whose entries differ, in file order
 * @param policyChanged whether {@code daemon.policy} differs
 * @param restartOnly the {@code daemon.*} keys that differ but are read only at start
 */
public record InventoryDiff(
    List<InventoryMachine> added,
    List<InventoryMachine> removed,
    List<MachineChange> changed,
    boolean policyChanged,
    List<String> restartOnly) {

  /** What about one machine's entry can change. */
  public enum Aspect {
    PRICES,
    LOCATION,
    FACTS,
    DRIVER,
    /** BMC, boot MAC or driver settings: how the driver reaches the machine. */
    HARDWARE;

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** One machine whose entry differs; {@code aspects} is never empty. */
  public record MachineChange(
      InventoryMachine before, InventoryMachine after, Set<Aspect> aspects) {
    public MachineChange {
      requireNonNull(before, "before is null");
      requireNonNull(after, "after is null");
      aspects = Set.copyOf(aspects);
      if (aspects.isEmpty()) {
        throw new IllegalArgumentException("a change needs at least one aspect");
      }
    }

    public String machineId() {
      return after.id();
    }

    /** Only what the market sees changed (prices, location): nothing touches the machine. */
    public boolean marketOnly() {
      return EnumSet.of(Aspect.PRICES, Aspect.LOCATION).containsAll(aspects);
    }

    /** e.g. {@code prices, location}, in a fixed order. */
    public String describe() {
      return EnumSet.copyOf(aspects).stream()
          .map(Aspect::wireName)
          .collect(Collectors.joining(", "));
    }
  }

  public InventoryDiff {
    added = List.copyOf(added);
    removed = List.copyOf(removed);
    changed = List.copyOf(changed);
    restartOnly = List.copyOf(restartOnly);
  }

  /** Nothing to apply and nothing to report. */
  public boolean isEmpty() {
    return added.isEmpty()
        && removed.isEmpty()
        && changed.isEmpty()
        && !policyChanged
        && restartOnly.isEmpty();
  }

  /** The difference from {@code running} to {@code file}. */
  public static InventoryDiff between(Inventory running, Inventory file) {
    requireNonNull(running, "running is null");
    requireNonNull(file, "file is null");
    List<InventoryMachine> added = new ArrayList<>();
    List<MachineChange> changed = new ArrayList<>();
    for (InventoryMachine next : file.machines()) {
      var before = running.machine(next.id());
      if (before.isEmpty()) {
        added.add(next);
      } else if (!before.get().equals(next)) {
        changed.add(new MachineChange(before.get(), next, aspects(before.get(), next)));
      }
    }
    List<InventoryMachine> removed =
        running.machines().stream().filter(m -> file.machine(m.id()).isEmpty()).toList();
    DaemonSettings a = running.daemon();
    DaemonSettings b = file.daemon();
    return new InventoryDiff(
        added, removed, changed, !a.policy().equals(b.policy()), restartOnly(a, b));
  }

  static Set<Aspect> aspects(InventoryMachine a, InventoryMachine b) {
    Set<Aspect> s = EnumSet.noneOf(Aspect.class);
    if (!a.prices().equals(b.prices())) {
      s.add(Aspect.PRICES);
    }
    if (!a.location().equals(b.location())) {
      s.add(Aspect.LOCATION);
    }
    MachineSpec x = a.spec();
    MachineSpec y = b.spec();
    if (!x.declared().equals(y.declared())) {
      s.add(Aspect.FACTS);
    }
    if (!x.driver().equals(y.driver())) {
      s.add(Aspect.DRIVER);
    }
    if (!x.bmc().equals(y.bmc())
        || !x.bootMac().equals(y.bootMac())
        || !x.settings().equals(y.settings())) {
      s.add(Aspect.HARDWARE);
    }
    return s;
  }

  private static List<String> restartOnly(DaemonSettings a, DaemonSettings b) {
    List<String> keys = new ArrayList<>();
    if (!a.dataDir().equals(b.dataDir())) {
      keys.add("daemon.dataDir");
    }
    if (!a.brokerUrl().equals(b.brokerUrl())) {
      keys.add("daemon.brokerUrl");
    }
    if (!a.reconcileInterval().equals(b.reconcileInterval())) {
      keys.add("daemon.reconcileIntervalMs");
    }
    if (a.imageCacheBytes() != b.imageCacheBytes()) {
      keys.add("daemon.imageCacheMiB");
    }
    if (!a.claimTimeout().equals(b.claimTimeout())) {
      keys.add("daemon.claimTimeoutSeconds");
    }
    if (!a.recovery().equals(b.recovery())) {
      keys.add("daemon.recovery");
    }
    if (!a.network().equals(b.network())) {
      keys.add("daemon.controlApi/dht/advertise");
    }
    return keys;
  }
}
