package io.xenia.hostdaemon.reload;

import static java.util.Objects.requireNonNull;

import io.xenia.hostdaemon.daemon.HostDaemon;
import io.xenia.hostdaemon.inventory.Inventory;
import io.xenia.hostdaemon.inventory.InventoryException;
import io.xenia.hostdaemon.inventory.InventoryLoader;
import io.xenia.hostdaemon.inventory.InventoryMachine;
import io.xenia.hostdaemon.machine.MachineRecord;
import io.xenia.hostdaemon.machine.Session;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Applies a changed inventory file to a running daemon. The file is parsed and validated in full
 * first (the loader's checks, and a driver for every kind it names); an invalid file is refused
 * with the loader's error, logged and audited ({@code inventory-reload-refused}), and the daemon
 * keeps running with the inventory it has. A valid one is applied by {@link ReloadPlan}: the daemon
 * switches inventories while no admission is deciding, the listeners (the advertiser) are told, and
 * added or re-declared machines are commissioned; one {@code inventory-reloaded} audit entry says
 * what changed. Changes deferred because a machine holds a session are applied by a later {@link
 * #poll} once the session is released.
 *
 * <p>Not thread-safe on its own: one caller at a time ({@link ReloadLoop}'s thread).
 */
public final class InventoryReloader {
  private final Path file;
  private final HostDaemon daemon;
  private final List<Consumer<Inventory>> listeners = new CopyOnWriteArrayList<>();
  private String digest;
  private Inventory lastValid;
  private volatile Set<String> deferred = Set.of();
  private volatile Runnable wake = () -> {};

  public InventoryReloader(Path file, HostDaemon daemon) {
    this.file = requireNonNull(file, "file is null");
    this.daemon = requireNonNull(daemon, "daemon is null");
    // Unknown: the first poll reads the file once more, so an edit made while the daemon was
    // starting (after the inventory was loaded) is not missed.
    this.digest = "";
    // A session that held back a change ended: apply it now rather than at the next poll.
    daemon
        .store()
        .addListener(
            (before, after) -> {
              if (after.session().isEmpty() && deferred.contains(after.machineId())) {
                wake.run();
              }
            });
  }

  /** {@code wake} asks for a {@link #poll} soon, on the caller's thread of choice. */
  void onDeferredReleased(Runnable wake) {
    this.wake = requireNonNull(wake, "wake is null");
  }

  /**
   * {@code listener} gets the market's view of every inventory the daemon switches to (after the
   * switch): machines whose change waits for a session are left out, so none is advertised again.
   */
  public void addListener(Consumer<Inventory> listener) {
    listeners.add(requireNonNull(listener, "listener is null"));
  }

  /** The outcome of one reload: the plan applied, or why the file was refused. */
  public record Outcome(Optional<ReloadPlan> applied, Optional<String> refusal) {}

  /**
   * Reloads if the file's content changed since it was last read; otherwise applies deferred
   * changes whose session has ended. Returns empty if there was nothing to do.
   */
  public Optional<Outcome> poll() {
    String now = FileDigest.of(List.of(file));
    if (!now.equals(digest)) {
      return Optional.of(reload(false));
    }
    if (lastValid != null && deferred.stream().anyMatch(id -> sessionOf(id).isEmpty())) {
      return Optional.of(new Outcome(Optional.of(apply(lastValid, false)), Optional.empty()));
    }
    return Optional.empty();
  }

  /** Reads, validates and applies the file now (SIGHUP). */
  public Outcome reload() {
    return reload(true);
  }

  private Outcome reload(boolean asked) {
    digest = FileDigest.of(List.of(file));
    Inventory next;
    try {
      next = InventoryLoader.load(file);
      daemon
          .drivers()
          .ensure(next.machines().stream().map(m -> m.spec().driver()).collect(Collectors.toSet()));
    } catch (InventoryException | IllegalStateException e) {
      return refused(e.getMessage());
    } catch (Exception e) {
      return refused(String.valueOf(e));
    }
    lastValid = next;
    return new Outcome(Optional.of(apply(next, asked)), Optional.empty());
  }

  private Outcome refused(String why) {
    System.err.println(
        "host-daemon: inventory reload refused, still running the previous inventory: " + why);
    daemon
        .audit()
        .record("inventory-reload-refused", "", Map.of("file", file.toString(), "error", why));
    return new Outcome(Optional.empty(), Optional.of(why));
  }

  private ReloadPlan apply(Inventory file, boolean asked) {
    ReloadPlan plan =
        daemon
            .admission()
            .withoutAdmissions(
                () -> {
                  ReloadPlan p = ReloadPlan.of(daemon.inventory(), file, this::sessionOf);
                  daemon.replaceInventory(
                      p.next(),
                      p.deferred().stream()
                          .map(ReloadPlan.Deferral::machineId)
                          .collect(Collectors.toSet()));
                  return p;
                });
    deferred =
        plan.deferred().stream().map(ReloadPlan.Deferral::machineId).collect(Collectors.toSet());
    Inventory market = plan.market();
    for (Consumer<Inventory> l : listeners) {
      l.accept(market);
    }
    Map<String, String> commissioned = new LinkedHashMap<>();
    for (InventoryMachine m : plan.commission()) {
      MachineRecord r = daemon.commission(m.spec());
      commissioned.put(
          m.id(), r.state().wireName() + r.reason().map(x -> " (" + x + ")").orElse(""));
    }
    Map<String, String> details = plan.auditDetails();
    if (details.isEmpty()) {
      if (asked) {
        System.err.println("host-daemon: inventory reloaded from " + this.file + ": no change");
      }
      return plan;
    }
    details.put("file", this.file.toString());
    if (!commissioned.isEmpty()) {
      details.put(
          "commissioned",
          commissioned.entrySet().stream()
              .map(e -> e.getKey() + ": " + e.getValue())
              .collect(Collectors.joining("; ")));
    }
    daemon.audit().record("inventory-reloaded", "", details);
    System.err.println("host-daemon: inventory reloaded from " + this.file + ": " + details);
    for (ReloadPlan.Deferral d : plan.deferred()) {
      System.err.println("host-daemon: inventory reload: refused for now: " + d.describe());
    }
    return plan;
  }

  private Optional<String> sessionOf(String machineId) {
    return daemon.store().get(machineId).flatMap(MachineRecord::session).map(Session::sessionId);
  }
}
