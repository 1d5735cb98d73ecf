package io.xenia.hostdaemon.reconcile;

import static java.util.Objects.requireNonNull;

import io.xenia.hostdaemon.audit.Audit;
import io.xenia.hostdaemon.daemon.Drivers;
import io.xenia.hostdaemon.driver.Driver;
import io.xenia.hostdaemon.driver.DriverException;
import io.xenia.hostdaemon.driver.Inspection;
import io.xenia.hostdaemon.driver.MachineSpec;
import io.xenia.hostdaemon.machine.MachineRecord;
import io.xenia.hostdaemon.machine.MachineState;
import io.xenia.hostdaemon.machine.Session;
import io.xenia.hostdaemon.store.ConcurrentUpdateException;
import io.xenia.hostdaemon.store.MachineStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The reconciliation loop: compares each machine's desired state (its record in the store) with its
 * actual state (driver inspection) and takes one step towards convergence. It is the only caller of
 * driver operations once the daemon runs, and never runs two steps for one machine at once; steps
 * for different machines run in parallel on its worker threads.
 *
 * <p>Rules per state (docs/host-daemon.md, "Reconciliation rules"):
 *
 * <ul>
 *   <li>{@code ready}: a deployment found on the machine belongs to no session (leftover of a crash
 *       or reboot): wipe it.
 *   <li>{@code claimed}: released if the lease ended or no provision request came within the claim
 *       timeout.
 *   <li>{@code provisioning}: deploy (again; deploy is idempotent, so a deploy cut short by a crash
 *       is simply redone) → {@code running}.
 *   <li>{@code running}: released when the lease ends; otherwise inspected, and a deployment that
 *       vanished or is powered off is a {@link FailureKind#DEPLOYMENT_LOST}; one that only does not
 *       answer is too once that held for {@link #UNANSWERED_PASSES} passes over {@link
 *       #UNANSWERED_GRACE}.
 *   <li>{@code releasing}: wipe (again, if a wipe was cut short) → {@code ready} with the signed
 *       wipe record.
 *   <li>{@code new}, {@code failed}: left to commissioning and the operator.
 * </ul>
 *
 * A failed step gets the operator's {@link RecoveryAction} for its {@link FailureKind}: retry with
 * exponential backoff, reprovision, or mark failed; after {@code maxAttempts} the machine is marked
 * failed with the last error as reason. Attempt counts live in memory: a restarted daemon tries
 * again from the first attempt.
 */
public final class Reconciler implements AutoCloseable {
  /** Passes in a row a running machine's endpoint must fail to answer before it counts as lost. */
  static final int UNANSWERED_PASSES = 3;

  /** And for at least this long since the first miss. */
  static final Duration UNANSWERED_GRACE = Duration.ofSeconds(5);

  private final MachineStore store;
  private final Drivers drivers;
  private final Function<String, Optional<MachineSpec>> specs;
  private final Provisioner provisioner;
  private final RecoveryPolicy recovery;
  private final Duration claimTimeout;
  private final Clock clock;
  private final Audit audit;
  private final ExecutorService workers;
  private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
  private final Map<String, Attempts> attempts = new ConcurrentHashMap<>();
  // Running machines whose endpoint did not answer, until that is confirmed or they answer again.
  private final Map<String, Unanswered> unanswered = new ConcurrentHashMap<>();

  /** Per machine, the agreement whose CPU and memory limits the driver is known to enforce. */
  private final Map<String, String> limitsApplied = new ConcurrentHashMap<>();

  // Machines whose running session the broker paused: not probed (a frozen machine does not
  // answer).
  private final java.util.Set<String> paused = ConcurrentHashMap.newKeySet();

  /** Per machine, the agreement whose failed re-apply was audited (once, not every pass). */
  private final Map<String, String> limitsFailed = new ConcurrentHashMap<>();

  private final Object wakeLock = new Object();
  private boolean woken;
  private volatile boolean running;
  private Thread loop;

  /** Failed attempts of the step a machine is in; reset when its record moves on. */
  private record Attempts(MachineState state, String session, int failures, Instant nextTry) {}

  public Reconciler(
      MachineStore store,
      Drivers drivers,
      Function<String, Optional<MachineSpec>> specs,
      Provisioner provisioner,
      RecoveryPolicy recovery,
      Duration claimTimeout,
      Clock clock,
      Audit audit,
      int workerThreads) {
    this.store = requireNonNull(store, "store is null");
    this.drivers = requireNonNull(drivers, "drivers is null");
    this.specs = requireNonNull(specs, "specs is null");
    this.provisioner = requireNonNull(provisioner, "provisioner is null");
    this.recovery = requireNonNull(recovery, "recovery is null");
    this.claimTimeout = requireNonNull(claimTimeout, "claimTimeout is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.audit = requireNonNull(audit, "audit is null");
    this.workers =
        Executors.newFixedThreadPool(
            workerThreads,
            r -> {
              Thread t = new Thread(r, "reconcile-worker");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Visits every machine once, in parallel, and returns when every visit is done. Machines whose
   * step is still running from an earlier pass are skipped.
   */
  public void reconcileOnce() {
    List<Future<?>> visits = new ArrayList<>();
    for (MachineRecord r : store.all()) {
      String id = r.machineId();
      if (inFlight.add(id)) {
        visits.add(
            workers.submit(
                () -> {
                  try {
                    visit(id);
                  } finally {
                    inFlight.remove(id);
                  }
                }));
      }
    }
    for (Future<?> f : visits) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (java.util.concurrent.ExecutionException e) {
        // visit() reports its own errors; nothing else can be thrown.
      }
    }
  }

  /** Starts the background loop: a pass every {@code interval}, or sooner after {@link #wake}. */
  public synchronized void start(Duration interval) {
    if (running) {
      return;
    }
    running = true;
    loop =
        new Thread(
            () -> {
              while (running) {
                reconcileOnce();
                synchronized (wakeLock) {
                  if (!woken && running) {
                    try {
                      wakeLock.wait(Math.max(1, interval.toMillis()));
                    } catch (InterruptedException e) {
                      return;
                    }
                  }
                  woken = false;
                }
              }
            },
            "reconciler");
    loop.start();
  }

  /**
   * Runs {@code step} for one machine while no reconciler step runs for it (waiting for one in
   * progress), keeping the rule that a machine's driver is called from one thread at a time: for
   * commissioning a machine an inventory reload added or changed.
   */
  public <T> T exclusively(String machineId, java.util.function.Supplier<T> step) {
    while (!inFlight.add(machineId)) {
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted waiting for machine " + machineId, e);
      }
    }
    try {
      return step.get();
    } finally {
      inFlight.remove(machineId);
    }
  }

  /** Asks for a pass now (after the control API recorded a new desired state). */
  public void wake() {
    synchronized (wakeLock) {
      woken = true;
      wakeLock.notifyAll();
    }
  }

  /**
   * Runs {@code action} while no reconciler step runs for the machine and none starts (a pass skips
   * it meanwhile): for the control API's own driver calls on a running machine (a resize), so that
   * the driver is never called for one machine from two threads.
   *
   * @throws IllegalStateException if a step holds the machine for longer than {@code wait}
   */
  public <T> T exclusively(String machineId, Duration wait, java.util.function.Supplier<T> action) {
    long deadline = System.nanoTime() + wait.toNanos();
    while (!inFlight.add(machineId)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "machine " + machineId + " is busy with a reconciler step; try again");
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted waiting for machine " + machineId, e);
      }
    }
    try {
      return action.get();
    } finally {
      inFlight.remove(machineId);
    }
  }

  /**
   * Notes that the driver enforces the limits of that agreement on the machine (after a resize).
   */
  public void limitsApplied(String machineId, String agreementId) {
    limitsApplied.put(machineId, agreementId);
  }

  /** Notes that the machine's session is paused (or runs again): health probes skip it. */
  public void paused(String machineId, boolean isPaused) {
    if (isPaused) {
      paused.add(machineId);
    } else {
      paused.remove(machineId);
    }
  }

  /** Whether the broker paused the machine's session. */
  public boolean isPaused(String machineId) {
    return paused.contains(machineId);
  }

  /** Stops the loop and waits for the steps in progress to finish. */
  @Override
  public void close() {
    Thread t;
    synchronized (this) {
      running = false;
      t = loop;
    }
    wake();
    if (t != null) {
      try {
        t.join(TimeUnit.MINUTES.toMillis(2));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    workers.shutdown();
    try {
      workers.awaitTermination(2, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** One step for one machine; every error is reported, none escapes. */
  private void visit(String machineId) {
    MachineRecord r = store.require(machineId);
    Optional<MachineSpec> spec = specs.apply(machineId);
    if (spec.isEmpty()) {
      return; // no longer in the inventory: left alone, its file kept for the operator
    }
    try {
      step(r, spec.get());
    } catch (ConcurrentUpdateException e) {
      // The control API changed the machine meanwhile; the next pass sees the new record.
    } catch (RuntimeException e) {
      System.err.println("host-daemon: reconciling " + machineId + " failed: " + e);
      audit.record(
          "reconcile-error",
          machineId,
          Map.of("state", r.state().wireName(), "error", String.valueOf(e)));
    }
  }

  private void step(MachineRecord r, MachineSpec spec) {
    Instant now = clock.instant();
    switch (r.state()) {
      case NEW, FAILED -> {}
      case READY -> wipeLeftovers(r, spec);
      case CLAIMED -> {
        if (leaseEnded(r.requireSession(), now)) {
          provisioner.release(r.machineId(), r.requireSession().sessionId(), "lease-ended");
        } else if (!r.since().plus(claimTimeout).isAfter(now)) {
          provisioner.release(r.machineId(), r.requireSession().sessionId(), "claim-timeout");
        }
      }
      case PROVISIONING -> {
        if (leaseEnded(r.requireSession(), now)) {
          provisioner.release(r.machineId(), r.requireSession().sessionId(), "lease-ended");
        } else if (due(r, now)) {
          try {
            provisioner.deploy(r, spec);
            attempts.remove(r.machineId());
            // deploy applies the session's limits
            limitsApplied.put(r.machineId(), r.requireSession().agreementId());
          } catch (DriverException e) {
            failed(r, FailureKind.of(e), "deploy: " + e.getMessage());
          }
        }
      }
      case RUNNING -> {
        if (leaseEnded(r.requireSession(), now)) {
          provisioner.release(r.machineId(), r.requireSession().sessionId(), "lease-ended");
        } else if (!paused.contains(r.machineId())) {
          checkRunning(r, spec, now);
        }
      }
      case RELEASING -> {
        paused.remove(r.machineId());
        if (due(r, now)) {
          try {
            provisioner.wipe(r, spec);
            attempts.remove(r.machineId());
          } catch (DriverException e) {
            failed(r, FailureKind.of(e), "wipe: " + e.getMessage());
          }
        }
      }
    }
  }

  private void wipeLeftovers(MachineRecord r, MachineSpec spec) {
    Driver driver = drivers.forMachine(spec);
    try {
      Inspection actual = driver.inspect(spec);
      if (actual.deployedSession().isPresent()) {
        audit.record(
            "stale-deployment-wipe",
            r.machineId(),
            Map.of("session", actual.deployedSession().get(), "by", "reconciler"));
        driver.wipe(spec);
      }
    } catch (DriverException e) {
      // A ready machine that does not answer is noticed by commissioning and admission's
      // callers; the next pass tries again.
      audit.record("inspect-failed", r.machineId(), Map.of("error", e.getMessage()));
    }
  }

  private void checkRunning(MachineRecord r, MachineSpec spec, Instant now) {
    if (!due(r, now)) {
      return;
    }
    Optional<String> problem;
    FailureKind kind = FailureKind.DEPLOYMENT_LOST;
    String session = r.requireSession().sessionId();
    try {
      Inspection actual = drivers.forMachine(spec).inspect(spec);
      problem = Health.running(session, actual);
      if (Health.onlyUnanswered(session, actual) && !unansweredLongEnough(r.machineId(), now)) {
        return; // not yet confirmed: probes under load miss their deadline on healthy machines
      }
    } catch (DriverException e) {
      problem = Optional.of("inspect: " + e.getMessage());
      kind = FailureKind.of(e);
    }
    unanswered.remove(r.machineId());
    if (problem.isEmpty()) {
      attempts.remove(r.machineId());
      reapplyLimits(r, spec);
      return;
    }
    failed(r, kind, problem.get());
  }

  /**
   * Makes the driver enforce the stored limits once per agreement and daemon run: a modification
   * persists the new limits before it resizes, so a daemon killed in between (or a resize lost with
   * a restart) is converged here. Resize is idempotent; a driver that cannot resize never had its
   * limits changed (the modification is refused before anything is stored), so UNSUPPORTED means
   * there is nothing to re-apply. Other failures are audited and retried at the next pass; the
   * machine keeps running (it is healthy) under the limits it has.
   */
  private void reapplyLimits(MachineRecord r, MachineSpec spec) {
    Session s = r.requireSession();
    if (s.agreementId().equals(limitsApplied.get(r.machineId()))) {
      return;
    }
    try {
      drivers.forMachine(spec).resize(spec, s.limits());
      limitsApplied.put(r.machineId(), s.agreementId());
    } catch (DriverException e) {
      if (e.kind() == DriverException.Kind.UNSUPPORTED) {
        limitsApplied.put(r.machineId(), s.agreementId());
        return;
      }
      if (s.agreementId().equals(limitsFailed.put(r.machineId(), s.agreementId()))) {
        return;
      }
      audit.record(
          "limits-apply-failed",
          r.machineId(),
          Map.of(
              "session",
              s.sessionId(),
              "agreement",
              s.agreementId(),
              "error",
              String.valueOf(e.getMessage())));
    }
  }

  private static boolean leaseEnded(Session s, Instant now) {
    return s.notAfter().isPresent() && !s.notAfter().get().isAfter(now);
  }

  /** False while the machine waits out a backoff for its current step. */
  /**
   * Records one more pass in which a running machine's endpoint did not answer; true once that has
   * held for {@link #UNANSWERED_PASSES} passes in a row over at least {@link #UNANSWERED_GRACE}.
   * Twenty netns machines provisioned at once on a loaded 2-core host had 11-13 of them
   * reprovisioned from a single missed 0.5 s SSH probe each, flipping healthy sessions to
   * provisioning and pausing their meters (DaemonProvisionBench).
   */
  private boolean unansweredLongEnough(String machineId, Instant now) {
    Unanswered seen =
        unanswered.merge(
            machineId,
            new Unanswered(now, 1),
            (old, one) -> new Unanswered(old.since(), old.passes() + 1));
    return seen.passes() >= UNANSWERED_PASSES && !now.isBefore(seen.since().plus(UNANSWERED_GRACE));
  }

  /**
   * Since when, and for how many passes in a row, a running machine's endpoint has not answered.
   */
  private record Unanswered(Instant since, int passes) {}

  private boolean due(MachineRecord r, Instant now) {
    Attempts a = attempts.get(r.machineId());
    if (a == null || !sameStep(a, r)) {
      return true;
    }
    return !now.isBefore(a.nextTry());
  }

  private static boolean sameStep(Attempts a, MachineRecord r) {
    return a.state() == r.state() && a.session().equals(sessionOf(r));
  }

  private static String sessionOf(MachineRecord r) {
    return r.session().map(Session::sessionId).orElse("");
  }

  /** Applies the operator's recovery action to a failed step. */
  private void failed(MachineRecord r, FailureKind kind, String error) {
    RecoveryAction action = recovery.action(kind);
    Attempts previous = attempts.get(r.machineId());
    int failures = previous != null && sameStep(previous, r) ? previous.failures() + 1 : 1;
    Map<String, String> details = new LinkedHashMap<>();
    details.put("kind", kind.name().toLowerCase());
    details.put("action", action.name().toLowerCase());
    details.put("attempt", Integer.toString(failures));
    details.put("error", error);
    if (action == RecoveryAction.FAIL || failures >= recovery.maxAttempts()) {
      attempts.remove(r.machineId());
      String reason =
          action == RecoveryAction.FAIL
              ? kind.name().toLowerCase() + ": " + error
              : kind.name().toLowerCase() + " after " + failures + " attempts: " + error;
      audit.record("recovery", r.machineId(), details);
      store.transition(r, MachineState.FAILED, Optional.of(reason));
      return;
    }
    Instant next = clock.instant().plus(recovery.backoff(failures));
    details.put("retryAt", next.toString());
    audit.record("recovery", r.machineId(), details);
    if (action == RecoveryAction.REPROVISION && r.state() == MachineState.RUNNING) {
      // Deploy again; the provisioning step counts its own attempts from here.
      MachineRecord provisioning =
          store.transition(r, MachineState.PROVISIONING, Optional.of("reprovision: " + error));
      attempts.put(
          r.machineId(),
          new Attempts(provisioning.state(), sessionOf(provisioning), 0, clock.instant()));
      return;
    }
    attempts.put(r.machineId(), new Attempts(r.state(), sessionOf(r), failures, next));
  }
}
