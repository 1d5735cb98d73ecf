package io.xenia.hostdaemon.driver.fake;

import static java.util.Objects.requireNonNull;

import io.xenia.hostdaemon.driver.BootDevice;
import io.xenia.hostdaemon.driver.Deployment;
import io.xenia.hostdaemon.driver.Driver;
import io.xenia.hostdaemon.driver.DriverException;
import io.xenia.hostdaemon.driver.Endpoint;
import io.xenia.hostdaemon.driver.Facts;
import io.xenia.hostdaemon.driver.Inspection;
import io.xenia.hostdaemon.driver.Limits;
import io.xenia.hostdaemon.driver.MachineSpec;
import io.xenia.hostdaemon.driver.PowerAction;
import io.xenia.hostdaemon.driver.PowerState;
import io.xenia.hostdaemon.driver.UsageCounters;
import io.xenia.hostdaemon.driver.WipeReport;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory driver for tests of the daemon core: machines are entries in a map, time is a {@link
 * Clock} the test controls (a {@link FakeClock} that {@link #deploy} and {@link #wipe} advance by a
 * set duration), and every call can be scripted to fail.
 *
 * <p>The fake state of a machine outlives the daemon objects that drive it, as a real machine
 * outlives a killed daemon: a crash test drops its store and reconciler, keeps this driver, and
 * starts new ones. Thread-safe.
 */
public final class FakeDriver implements Driver {
  /** The SPI calls, for scripting failures and counting. */
  public enum Call {
    INSPECT,
    POWER,
    BOOT,
    DEPLOY,
    WIPE,
    USAGE,
    RESIZE
  }

  /** The simulated daemon death {@link #crashDuring} throws, after the call's effect. */
  public static final class SimulatedCrash extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SimulatedCrash(String message) {
      super(message);
    }
  }

  /** What the fake knows about one machine. */
  private static final class State {
    PowerState power = PowerState.OFF;
    BootDevice boot = BootDevice.DISK;
    Optional<String> deployed = Optional.empty();
    Optional<Limits> limits = Optional.empty();
    boolean reachable;
    boolean paused;

    /** What inspection measures; null: the declared facts. */
    Optional<Facts> measured;

    long bytesOnDisk;
    UsageCounters usage = new UsageCounters(0, 0, 0, 0);
    final Map<Call, Deque<DriverException.Kind>> failures = new ConcurrentHashMap<>();
    final Map<Call, AtomicInteger> calls = new ConcurrentHashMap<>();
    Optional<Call> crashDuring = Optional.empty();
  }

  private final String kind;
  private final Clock clock;
  private final Map<String, State> machines = new ConcurrentHashMap<>();
  private volatile Duration deployTime = Duration.ZERO;
  private volatile Duration wipeTime = Duration.ZERO;

  /** A fake of kind {@code "fake"}. */
  public FakeDriver(Clock clock) {
    this("fake", clock);
  }

  public FakeDriver(String kind, Clock clock) {
    this.kind = requireNonNull(kind, "kind is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  @Override
  public String kind() {
    return kind;
  }

  // ---- scripting, for tests ----

  /** The next {@code times} calls of {@code call} for the machine fail with {@code failure}. */
  public void failNext(String machineId, Call call, DriverException.Kind failure, int times) {
    Deque<DriverException.Kind> q =
        state(machineId).failures.computeIfAbsent(call, c -> new ArrayDeque<>());
    synchronized (q) {
      for (int i = 0; i < times; i++) {
        q.add(failure);
      }
    }
  }

  /**
   * The next {@code call} for the machine does part of its work (deploy: the marker is on the
   * machine and it is powered on, but it is not yet reachable; wipe: nothing) and then throws
   * {@link SimulatedCrash}, as if the daemon died mid-call.
   */
  public void crashDuring(String machineId, Call call) {
    state(machineId).crashDuring = Optional.of(call);
  }

  /** Sets what inspection measures (to differ from the declared facts); empty: cannot measure. */
  public void measure(String machineId, Optional<Facts> facts) {
    state(machineId).measured = facts;
  }

  /**
   * The machine dies behind the daemon's back: powered off, unreachable, deployment still on disk.
   */
  public void killBehindBack(String machineId) {
    State s = state(machineId);
    synchronized (s) {
      s.power = PowerState.OFF;
      s.reachable = false;
    }
  }

  /**
   * The machine stays up with its deployment, but its endpoint answers or not, like an SSH probe
   * that misses its deadline on a loaded host (or a customer who stopped sshd).
   */
  public void answering(String machineId, boolean answers) {
    State s = state(machineId);
    synchronized (s) {
      s.reachable = answers && s.power == PowerState.ON && s.deployed.isPresent();
    }
  }

  /**
   * Leaves a deployment of {@code sessionId} on the machine, like leftovers from before a reboot.
   */
  public void leaveDeployment(String machineId, String sessionId) {
    State s = state(machineId);
    synchronized (s) {
      s.deployed = Optional.of(sessionId);
      s.bytesOnDisk = 4096;
    }
  }

  /** Sets the cumulative counters {@link #usage} reports from now on (a wipe resets them). */
  public void setUsage(String machineId, UsageCounters counters) {
    State s = state(machineId);
    synchronized (s) {
      s.usage = counters;
    }
  }

  /** How long each deploy and wipe takes on the clock, if it is a {@link FakeClock}. */
  public void setTimes(Duration deploy, Duration wipe) {
    this.deployTime = deploy;
    this.wipeTime = wipe;
  }

  /** How many times {@code call} ran for the machine (including failed runs). */
  public int calls(String machineId, Call call) {
    return state(machineId).calls.computeIfAbsent(call, c -> new AtomicInteger()).get();
  }

  /** The session whose deployment is on the machine. */
  public Optional<String> deployed(String machineId) {
    return state(machineId).deployed;
  }

  /** The CPU and memory limits the machine enforces (set by deploy and resize). */
  public Optional<Limits> limits(String machineId) {
    State s = state(machineId);
    synchronized (s) {
      return s.limits;
    }
  }

  public PowerState power(String machineId) {
    return state(machineId).power;
  }

  // ---- the SPI ----

  @Override
  public Inspection inspect(MachineSpec machine) throws DriverException {
    State s = enter(machine, Call.INSPECT);
    synchronized (s) {
      Optional<Facts> facts = s.measured == null ? Optional.of(machine.declared()) : s.measured;
      return new Inspection(s.power, facts, s.deployed, s.reachable);
    }
  }

  @Override
  public void power(MachineSpec machine, PowerAction action) throws DriverException {
    State s = enter(machine, Call.POWER);
    synchronized (s) {
      s.power =
          action == PowerAction.ON || action == PowerAction.RESET ? PowerState.ON : PowerState.OFF;
      s.reachable = s.power == PowerState.ON && s.deployed.isPresent();
    }
  }

  @Override
  public void bootFrom(MachineSpec machine, BootDevice device) throws DriverException {
    State s = enter(machine, Call.BOOT);
    synchronized (s) {
      s.boot = device;
    }
  }

  @Override
  public Endpoint deploy(MachineSpec machine, Deployment deployment) throws DriverException {
    State s = enter(machine, Call.DEPLOY);
    synchronized (s) {
      if (s.deployed.isPresent() && !s.deployed.get().equals(deployment.sessionId())) {
        throw new DriverException(
            DriverException.Kind.FAILED,
            machine.id() + " still holds session " + s.deployed.get() + ": wipe it first");
      }
      s.deployed = Optional.of(deployment.sessionId());
      s.limits = Optional.of(deployment.limits());
      s.power = PowerState.ON;
      s.bytesOnDisk = 1L << 20;
      if (crashes(s, Call.DEPLOY)) {
        throw new SimulatedCrash("daemon died during deploy on " + machine.id());
      }
      tick(deployTime);
      s.reachable = true;
      return new Endpoint("127.0.0.1", 22000 + Math.abs(machine.id().hashCode() % 1000), "root");
    }
  }

  @Override
  public WipeReport wipe(MachineSpec machine) throws DriverException {
    State s = enter(machine, Call.WIPE);
    synchronized (s) {
      if (crashes(s, Call.WIPE)) {
        throw new SimulatedCrash("daemon died during wipe on " + machine.id());
      }
      long erased = s.bytesOnDisk;
      s.deployed = Optional.empty();
      s.limits = Optional.empty();
      s.paused = false;
      s.power = PowerState.OFF;
      s.reachable = false;
      s.bytesOnDisk = 0;
      s.usage = new UsageCounters(0, 0, 0, 0);
      tick(wipeTime);
      return new WipeReport("fake-discarded", erased, clock.instant());
    }
  }

  @Override
  public UsageCounters usage(MachineSpec machine) throws DriverException {
    State s = enter(machine, Call.USAGE);
    synchronized (s) {
      if (s.deployed.isEmpty()) {
        throw new DriverException(DriverException.Kind.FAILED, machine.id() + " runs nothing");
      }
      return s.usage;
    }
  }

  @Override
  public void resize(MachineSpec machine, Limits limits) throws DriverException {
    State s = enter(machine, Call.RESIZE);
    synchronized (s) {
      s.limits = Optional.of(limits);
    }
  }

  /** Whether the machine is paused (a state flag: a fake machine runs nothing). */
  public boolean paused(String machineId) {
    State s = state(machineId);
    synchronized (s) {
      return s.paused;
    }
  }

  @Override
  public void pause(MachineSpec machine) throws DriverException {
    setPaused(machine, true);
  }

  @Override
  public void resume(MachineSpec machine) throws DriverException {
    setPaused(machine, false);
  }

  private void setPaused(MachineSpec machine, boolean paused) throws DriverException {
    State s = machines.computeIfAbsent(machine.id(), id -> new State());
    synchronized (s) {
      if (s.deployed.isEmpty()) {
        throw new DriverException(DriverException.Kind.FAILED, machine.id() + " runs nothing");
      }
      s.paused = paused;
    }
  }

  private State state(String machineId) {
    return machines.computeIfAbsent(machineId, id -> new State());
  }

  /** Counts the call and throws a scripted failure, if one is due. */
  private State enter(MachineSpec machine, Call call) throws DriverException {
    State s = machines.computeIfAbsent(machine.id(), id -> new State());
    s.calls.computeIfAbsent(call, c -> new AtomicInteger()).incrementAndGet();
    Deque<DriverException.Kind> q = s.failures.get(call);
    if (q != null) {
      DriverException.Kind failure;
      synchronized (q) {
        failure = q.poll();
      }
      if (failure != null) {
        throw new DriverException(
            failure, "scripted " + failure + " of " + call + " on " + machine.id());
      }
    }
    return s;
  }

  private static boolean crashes(State s, Call call) {
    if (s.crashDuring.equals(Optional.of(call))) {
      s.crashDuring = Optional.empty();
      return true;
    }
    return false;
  }

  private void tick(Duration d) {
    if (clock instanceof FakeClock fake && !d.isZero()) {
      fake.advance(d);
    }
  }
}
