package io.xenia.hostdaemon.reload;

import static java.util.Objects.requireNonNull;

import io.xenia.hostdaemon.inventory.DaemonSettings;
import io.xenia.hostdaemon.inventory.Inventory;
import io.xenia.hostdaemon.inventory.InventoryMachine;
import io.xenia.hostdaemon.reload.InventoryDiff.Aspect;
import io.xenia.hostdaemon.reload.InventoryDiff.MachineChange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * How a changed inventory file is applied to a running daemon, decided without IO from the running
 * inventory, the file's and which machines hold a session. The rule that matters: a customer is
 * never cut off. A machine that holds a session keeps its running entry when the file removes it or
 * changes anything but its prices and location; that change is deferred until the session is
 * released (the plan is computed again then).
 *
 * <ul>
 *   <li>added machines join and are commissioned;
 *   <li>removed machines without a session leave the inventory (no longer managed or advertised);
 *   <li>changed machines without a session take the file's entry; those whose facts, driver or
 *       hardware changed are commissioned again (the facts must hold);
 *   <li>prices and location take effect at once, also for a machine in a session (its agreement
 *       keeps the price it was signed with);
 *   <li>the operator policy takes effect at once; other {@code daemon.*} settings only at restart.
 * </ul>
 *
 * @param next the inventory to run with from now on
 * @param commission machines to commission now (added, or facts/driver/hardware changed)
 * @param retired machines no longer managed from now on
 * @param deferred changes waiting for a session to end
 * @param diff the whole difference, as the file states it
 */
public record ReloadPlan(
    Inventory next,
    List<InventoryMachine> commission,
    List<String> retired,
    List<Deferral> deferred,
    InventoryDiff diff) {

  /** A change to a machine that waits for its session to be released. */
  public record Deferral(String machineId, String sessionId, String change) {
    public String describe() {
      return machineId + ": " + change + " waits until session " + sessionId + " is released";
    }
  }

  public ReloadPlan {
    requireNonNull(next, "next is null");
    commission = List.copyOf(commission);
    retired = List.copyOf(retired);
    deferred = List.copyOf(deferred);
    requireNonNull(diff, "diff is null");
  }

  /**
   * The plan from {@code running} to {@code file}.
   *
   * @param sessionOf the session a machine holds now, if any
   */
  public static ReloadPlan of(
      Inventory running, Inventory file, Function<String, Optional<String>> sessionOf) {
    requireNonNull(sessionOf, "sessionOf is null");
    InventoryDiff diff = InventoryDiff.between(running, file);
    Map<String, MachineChange> changes = new LinkedHashMap<>();
    diff.changed().forEach(c -> changes.put(c.machineId(), c));
    List<InventoryMachine> next = new ArrayList<>();
    List<InventoryMachine> commission = new ArrayList<>();
    List<Deferral> deferred = new ArrayList<>();
    for (InventoryMachine m : file.machines()) {
      MachineChange change = changes.get(m.id());
      if (running.machine(m.id()).isEmpty()) {
        next.add(m);
        commission.add(m);
      } else if (change == null) {
        next.add(m);
      } else {
        Optional<String> session = sessionOf.apply(m.id());
        if (session.isPresent() && !change.marketOnly()) {
          next.add(change.before());
          deferred.add(new Deferral(m.id(), session.get(), change.describe() + " change"));
        } else {
          next.add(m);
          if (change.aspects().contains(Aspect.FACTS)
              || change.aspects().contains(Aspect.DRIVER)
              || change.aspects().contains(Aspect.HARDWARE)) {
            commission.add(m);
          }
        }
      }
    }
    List<String> retired = new ArrayList<>();
    for (InventoryMachine m : diff.removed()) {
      Optional<String> session = sessionOf.apply(m.id());
      if (session.isPresent()) {
        next.add(m);
        deferred.add(new Deferral(m.id(), session.get(), "removal"));
      } else {
        retired.add(m.id());
      }
    }
    DaemonSettings r = running.daemon();
    DaemonSettings settings =
        new DaemonSettings(
            r.dataDir(),
            r.brokerUrl(),
            r.reconcileInterval(),
            r.imageCacheBytes(),
            r.claimTimeout(),
            file.daemon().policy(),
            r.recovery(),
            r.network());
    return new ReloadPlan(new Inventory(settings, next), commission, retired, deferred, diff);
  }

  /**
   * The machines the market may see and admission may claim: the next inventory without the
   * deferred ones. A machine whose change waits for its session takes no new session, so that the
   * change applies once the current one is released.
   */
  public Inventory market() {
    List<String> held = deferred.stream().map(Deferral::machineId).toList();
    return new Inventory(
        next.daemon(), next.machines().stream().filter(m -> !held.contains(m.id())).toList());
  }

  /** Whether the next inventory differs from the running one at all. */
  public boolean changesAnything(Inventory running) {
    return !next.equals(running);
  }

  /** The audit entry's details: only the keys with something to say. */
  public Map<String, String> auditDetails() {
    Map<String, String> d = new LinkedHashMap<>();
    List<String> deferredIds = deferred.stream().map(Deferral::machineId).toList();
    put(d, "added", diff.added().stream().map(InventoryMachine::id).toList());
    put(d, "removed", retired);
    put(
        d,
        "changed",
        diff.changed().stream()
            .filter(c -> !deferredIds.contains(c.machineId()))
            .map(c -> c.machineId() + " (" + c.describe() + ")")
            .toList());
    put(d, "commissioned", commission.stream().map(InventoryMachine::id).toList());
    put(d, "deferred", deferred.stream().map(Deferral::describe).toList());
    if (diff.policyChanged()) {
      d.put("policy", "changed");
    }
    put(d, "restartNeeded", diff.restartOnly());
    return d;
  }

  private static void put(Map<String, String> d, String key, List<String> values) {
    if (!values.isEmpty()) {
      d.put(key, String.join("; ", values));
    }
  }
}
