package io.xenia.hostdaemon.daemon;

import static java.util.Objects.requireNonNull;

import io.xenia.hostdaemon.admission.Admission;
import io.xenia.hostdaemon.audit.AuditLog;
import io.xenia.hostdaemon.commission.Commissioner;
import io.xenia.hostdaemon.driver.MachineSpec;
import io.xenia.hostdaemon.images.DaemonImages;
import io.xenia.hostdaemon.images.ImageCache;
import io.xenia.hostdaemon.images.ImageRef;
import io.xenia.hostdaemon.inventory.DaemonSettings;
import io.xenia.hostdaemon.inventory.Inventory;
import io.xenia.hostdaemon.inventory.InventoryMachine;
import io.xenia.hostdaemon.machine.MachineRecord;
import io.xenia.hostdaemon.reconcile.Provisioner;
import io.xenia.hostdaemon.reconcile.Reconciler;
import io.xenia.hostdaemon.session.ModificationDecision;
import io.xenia.hostdaemon.session.SessionChange;
import io.xenia.hostdaemon.session.SessionModifier;
import io.xenia.hostdaemon.store.ConcurrentUpdateException;
import io.xenia.hostdaemon.store.MachineStore;
import io.xenia.protocol.crypto.Ed25519KeyPair;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One running daemon core: the audit log, the machine store, the image cache, commissioning, and
 * the admission, provisioner and reconciler built over them. The control API, the advertiser, the
 * meter and heartbeats are wired on top through the accessors (and {@link MachineStore#addListener}
 * for changes).
 *
 * <p>Start order: audit log, store, commissioning of every inventory machine, reconciler loop.
 * {@link #close()} stops in reverse order and waits for driver steps in progress.
 */
public final class HostDaemon implements AutoCloseable {
  // Replaced by an inventory reload; everyone reads it through here at the time of use.
  private final AtomicReference<Inventory> inventory;
  private final Commissioner commissioner;
  // Machines whose inventory change waits for their session: admission does not see them.
  private final Set<String> held;
  private final Drivers drivers;
  private final AuditLog audit;
  private final MachineStore store;
  private final Admission admission;
  private final Provisioner provisioner;
  private final Reconciler reconciler;
  private final SessionModifier modifier;
  private final Ed25519KeyPair hostKey;
  // Set once by start(); images by digest come through a swarm once the daemon is enrolled.
  private DaemonImages images;

  private HostDaemon(
      AtomicReference<Inventory> inventory,
      Set<String> held,
      Commissioner commissioner,
      Drivers drivers,
      AuditLog audit,
      MachineStore store,
      Admission admission,
      Provisioner provisioner,
      Reconciler reconciler,
      SessionModifier modifier,
      Ed25519KeyPair hostKey) {
    this.hostKey = hostKey;
    this.modifier = modifier;
    this.inventory = inventory;
    this.held = held;
    this.commissioner = commissioner;
    this.drivers = drivers;
    this.audit = audit;
    this.store = store;
    this.admission = admission;
    this.provisioner = provisioner;
    this.reconciler = reconciler;
  }

  /** Opens everything under the inventory's data dir, commissions, and starts reconciling. */
  public static HostDaemon start(
      Inventory inventory, Drivers drivers, Ed25519KeyPair hostKey, Clock clock)
      throws IOException {
    requireNonNull(inventory, "inventory is null");
    DaemonSettings s = inventory.daemon();
    AuditLog audit = AuditLog.open(s.auditLog(), clock);
    MachineStore store = null;
    try {
      audit.record(
          "daemon-started",
          "",
          Map.of(
              "hostId", hostKey.publicKey().fingerprint(),
              "machines", Integer.toString(inventory.machines().size())));
      store = MachineStore.open(s.machinesDir(), audit, clock);
      DaemonImages images =
          new DaemonImages(ImageCache.open(s.imagesDir(), s.imageCacheBytes(), clock));
      List<MachineSpec> specs = inventory.machines().stream().map(InventoryMachine::spec).toList();
      Commissioner commissioner = new Commissioner(store, drivers, audit);
      commissioner.commissionAll(specs);
      AtomicReference<Inventory> current = new AtomicReference<>(inventory);
      Set<String> held = ConcurrentHashMap.newKeySet();
      Provisioner provisioner = new Provisioner(store, drivers, images, hostKey, clock, audit);
      Reconciler reconciler =
          new Reconciler(
              store,
              drivers,
              id -> current.get().machine(id).map(InventoryMachine::spec),
              provisioner,
              s.recovery(),
              s.claimTimeout(),
              clock,
              audit,
              Math.max(2, Math.min(16, specs.size())));
      Admission admission =
          new Admission(
              id -> held.contains(id) ? Optional.empty() : current.get().machine(id),
              () -> current.get().daemon().policy(),
              store,
              hostKey,
              clock,
              audit);
      SessionModifier modifier =
          new SessionModifier(
              store,
              drivers,
              id -> current.get().machine(id),
              () -> current.get().daemon().policy(),
              reconciler,
              hostKey,
              clock,
              audit);
      reconciler.start(s.reconcileInterval());
      HostDaemon daemon =
          new HostDaemon(
              current,
              held,
              commissioner,
              drivers,
              audit,
              store,
              admission,
              provisioner,
              reconciler,
              modifier,
              hostKey);
      daemon.images = images;
      return daemon;
    } catch (IOException | RuntimeException e) {
      if (store != null) {
        store.close();
      }
      audit.close();
      throw e;
    }
  }

  /** The image source provisioning uses (the cache, and the swarm once enrolled). */
  public DaemonImages images() {
    return images;
  }

  /** Starts provisioning an admitted session and wakes the reconciler. */
  public MachineRecord provision(
      String machineId, String sessionId, Optional<ImageRef> image, List<String> extraSshKeys) {
    MachineRecord r = provisioner.startProvisioning(machineId, sessionId, image, extraSshKeys);
    reconciler.wake();
    return r;
  }

  /**
   * Ends a session (the machine is wiped) and wakes the reconciler. A concurrent write to the
   * machine (a modification, a reconciler step) makes the release read the record again: a
   * terminate is never lost to a race.
   */
  public MachineRecord terminate(String machineId, String sessionId, String why) {
    for (int attempt = 1; ; attempt++) {
      try {
        MachineRecord r = provisioner.release(machineId, sessionId, why);
        reconciler.wake();
        return r;
      } catch (ConcurrentUpdateException e) {
        if (attempt == 20) {
          throw new IllegalStateException(
              "machine " + machineId + " kept changing; terminate again", e);
        }
      }
    }
  }

  /**
   * Changes a running session (lease end, CPU and memory limits): an amended agreement, or a
   * refusal with a reason ({@link SessionModifier}).
   */
  public ModificationDecision modify(String machineId, String sessionId, SessionChange change) {
    return modifier.modify(machineId, sessionId, change);
  }

  /**
   * Pauses ({@code paused} true) or resumes the machine running a session, for the broker's grace
   * period ({@link io.xenia.hostdaemon.session.SessionPauser}).
   */
  public MachineRecord pause(String machineId, String sessionId, boolean paused) {
    return new io.xenia.hostdaemon.session.SessionPauser(store, drivers, reconciler, audit)
        .pause(
            inventory().machine(machineId).map(InventoryMachine::spec),
            machineId,
            sessionId,
            paused);
  }

  /** The inventory the daemon runs with now (an inventory reload replaces it). */
  public Inventory inventory() {
    return inventory.get();
  }

  /**
   * Runs with {@code next} from now on: admission, the reconciler and status read it at once. The
   * caller decided what may change ({@code reload.ReloadPlan}); machines it adds or whose facts it
   * changes are then {@link #commission commissioned}.
   *
   * @throws IllegalArgumentException if the data directory differs
   */
  public void replaceInventory(Inventory next) {
    replaceInventory(next, Set.of());
  }

  /**
   * The same, holding {@code held} back from admission (they stay managed: reconciled, released,
   * metered) until a later replacement no longer names them.
   */
  public void replaceInventory(Inventory next, Set<String> held) {
    if (!next.daemon().dataDir().equals(inventory.get().daemon().dataDir())) {
      throw new IllegalArgumentException("the data directory cannot change while the daemon runs");
    }
    this.held.addAll(held);
    this.held.retainAll(held);
    inventory.set(next);
  }

  /**
   * Commissions one machine of the running inventory (registering it if new) while the reconciler
   * leaves it alone, then wakes the reconciler; returns its record afterwards.
   */
  public MachineRecord commission(MachineSpec spec) {
    MachineRecord r = reconciler.exclusively(spec.id(), () -> commissioner.commission(spec));
    reconciler.wake();
    return r;
  }

  public Admission admission() {
    return admission;
  }

  public Provisioner provisioner() {
    return provisioner;
  }

  public Reconciler reconciler() {
    return reconciler;
  }

  public MachineStore store() {
    return store;
  }

  public AuditLog audit() {
    return audit;
  }

  /** The host key, for signing advertisements and usage records. */
  public Ed25519KeyPair hostKey() {
    return hostKey;
  }

  public Drivers drivers() {
    return drivers;
  }

  /** Stops reconciling (waiting for steps in progress), closes drivers, store and audit log. */
  @Override
  public void close() {
    reconciler.close();
    drivers.close();
    audit.record("daemon-stopped", "", Map.of());
    store.close();
    audit.close();
  }
}
