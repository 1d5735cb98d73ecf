package io.xenia.hostdaemon.metering;

import static java.util.Objects.requireNonNull;

import io.xenia.hostdaemon.driver.DriverException;
import io.xenia.hostdaemon.driver.UsageCounters;
import io.xenia.hostdaemon.machine.MachineRecord;
import io.xenia.hostdaemon.machine.MachineState;
import io.xenia.hostdaemon.machine.Session;
import io.xenia.hostdaemon.store.StoreListener;
import io.xenia.protocol.crypto.Ed25519KeyPair;
import io.xenia.protocol.records.Agreement;
import io.xenia.protocol.records.UsageRecord;
import io.xenia.protocol.signing.SignedEnvelope;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Cuts signed usage records for every running session: every interval it reads each running
 * machine's counters, turns the difference since the session's last record into a {@link
 * UsageRecord} ({@link UsageMath}), signs it with the host key and spools it. The spool write comes
 * first and the in-memory state moves only after it, so a crash at any point leaves either the
 * record and its state on disk, or neither (the next attempt then cuts a longer interval from the
 * same start: no gap, no second version of a spooled sequence).
 *
 * <p>A session's meter starts when it is first seen running: interval start = the time the machine
 * entered {@code running}, counters from zero (drivers count from the deployment's boot). The final
 * record is cut when the machine leaves the session (terminate → {@code releasing}, failure, lease
 * end), ending at that transition; it is cut synchronously in the store listener, before the
 * reconciler wipes, and falls back to the last counters if the machine can no longer be read. A
 * reprovision ({@code running → provisioning} of the same session) pauses sampling without closing.
 *
 * <p>Thread-safe: one lock around the meter states.
 */
public final class UsageSampler implements StoreListener, AutoCloseable {
  private static final System.Logger LOG = System.getLogger(UsageSampler.class.getName());

  private final UsageSpool spool;
  private final Supplier<List<MachineRecord>> machines;
  private final UsageReader reader;
  private final Ed25519KeyPair hostKey;
  private final Clock clock;
  private final Runnable onSpooled;
  private final Map<String, MeterState> open = new HashMap<>();
  private ScheduledExecutorService timer;
  private volatile boolean closed;

  /**
   * @param machines the current machine records (the store's {@code all()})
   * @param onSpooled called after records were spooled (wakes the shipper)
   */
  public UsageSampler(
      UsageSpool spool,
      Supplier<List<MachineRecord>> machines,
      UsageReader reader,
      Ed25519KeyPair hostKey,
      Clock clock,
      Runnable onSpooled) {
    this.spool = requireNonNull(spool, "spool is null");
    this.machines = requireNonNull(machines, "machines is null");
    this.reader = requireNonNull(reader, "reader is null");
    this.hostKey = requireNonNull(hostKey, "hostKey is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.onSpooled = requireNonNull(onSpooled, "onSpooled is null");
    // Resume: every session whose meter is not closed continues from its last spooled record.
    for (SpooledRecord r : spool.lastPerSession().values()) {
      if (!r.state().closed() && !spool.isClosed(r.sessionId())) {
        open.put(r.sessionId(), r.state());
      }
    }
  }

  /** Samples every {@code interval} on a thread of its own until {@link #close()}. */
  public synchronized void start(Duration interval) {
    if (timer != null) {
      throw new IllegalStateException("already started");
    }
    timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "usage-sampler");
              t.setDaemon(true);
              return t;
            });
    long ms = interval.toMillis();
    timer.scheduleWithFixedDelay(
        () -> {
          try {
            sampleOnce();
          } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "usage sampling failed; retrying", e);
          }
        },
        ms,
        ms,
        TimeUnit.MILLISECONDS);
  }

  /**
   * One pass: a record for every running session (if time moved on since its last one), and the
   * final record of every open session whose machine no longer runs it.
   *
   * @return the records spooled
   */
  public int sampleOnce() {
    int spooled = 0;
    synchronized (this) {
      if (closed) {
        return 0;
      }
      // Read under the lock: a store write's listener call (which takes this lock) then comes
      // before or after the whole pass, so the pass never sees an older agreement than the meter.
      List<MachineRecord> now = machines.get();
      Map<String, MachineRecord> bySession = new HashMap<>();
      Map<String, MachineRecord> byMachine = new HashMap<>();
      for (MachineRecord r : now) {
        byMachine.put(r.machineId(), r);
        if (r.state() == MachineState.RUNNING && r.session().isPresent()) {
          bySession.put(r.session().get().sessionId(), r);
        }
      }
      for (MachineRecord r : bySession.values()) {
        Session s = r.session().get();
        MeterState state = open.get(s.sessionId());
        if (state == null) {
          if (spool.isClosed(s.sessionId())) {
            continue;
          }
          state = MeterState.start(s.sessionId(), s.agreementId(), r.machineId(), r.since());
          open.put(s.sessionId(), state);
        }
        if (!state.agreementId().equals(s.agreementId())) {
          // Amended while nobody watched (a crash between the store write and its listener).
          spooled += switchAgreement(state, s);
          state = open.get(s.sessionId());
        }
        Instant end = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        if (!end.isAfter(state.end())) {
          continue;
        }
        UsageCounters counters;
        try {
          counters = reader.read(r.machineId());
        } catch (DriverException e) {
          LOG.log(
              System.Logger.Level.WARNING,
              "cannot read usage of " + r.machineId() + ": " + e.getMessage());
          continue;
        }
        spoolCut(state, counters, end, false);
        spooled++;
      }
      for (MeterState state : List.copyOf(open.values())) {
        if (bySession.containsKey(state.sessionId())) {
          continue;
        }
        MachineRecord m = byMachine.get(state.machineId());
        if (m != null && m.serves(state.sessionId()) && m.state() == MachineState.PROVISIONING) {
          continue; // reprovisioning: paused, not ended
        }
        // The session ended while nobody watched (e.g. a crash between terminate and its final
        // record). If the machine's record still holds it, it ended when the machine entered that
        // state; otherwise the end is unknown and the meter closes at its last record (it may
        // understate by up to one interval, never overstate).
        Instant end = m != null && m.serves(state.sessionId()) ? m.since() : state.end();
        spooled += finish(state, end);
      }
    }
    if (spooled > 0) {
      onSpooled.run();
    }
    return spooled;
  }

  /** Cuts the final record when a machine leaves a running session. */
  @Override
  public void changed(MachineRecord before, MachineRecord after) {
    if (before == null || before.state() != MachineState.RUNNING || before.session().isEmpty()) {
      return;
    }
    Session s = before.session().get();
    boolean continues =
        after.serves(s.sessionId())
            && (after.state() == MachineState.RUNNING
                || after.state() == MachineState.PROVISIONING);
    if (continues) {
      if (!after.requireSession().agreementId().equals(s.agreementId())) {
        amended(before, after.requireSession());
      }
      return;
    }
    int spooled;
    synchronized (this) {
      if (closed) {
        return;
      }
      MeterState state = open.get(s.sessionId());
      if (state == null) {
        if (spool.isClosed(s.sessionId())) {
          return;
        }
        state =
            MeterState.start(s.sessionId(), s.agreementId(), before.machineId(), before.since());
      }
      spooled = finish(state, after.since());
    }
    if (spooled > 0) {
      onSpooled.run();
    }
  }

  /** A running session's agreement was amended: cut its usage at the change. */
  private void amended(MachineRecord before, Session amended) {
    Session s = before.requireSession();
    int spooled;
    synchronized (this) {
      if (closed) {
        return;
      }
      MeterState state = open.get(s.sessionId());
      if (state == null) {
        if (spool.isClosed(s.sessionId())) {
          return;
        }
        state =
            MeterState.start(s.sessionId(), s.agreementId(), before.machineId(), before.since());
      }
      if (state.agreementId().equals(amended.agreementId())) {
        return;
      }
      spooled = switchAgreement(state, amended);
    }
    if (spooled > 0) {
      onSpooled.run();
    }
  }

  /**
   * Every usage record falls under one agreement: the meter cuts a record under the old agreement
   * up to the change (the amended agreement's {@code notBefore}), and later records name the new
   * one. If the meter already cut past the change (a pass that ran between the change's timestamp
   * and its durable write, a few milliseconds), it switches at its last record's end. Returns the
   * records spooled (0 or 1).
   */
  private int switchAgreement(MeterState state, Session amended) {
    Instant at = changeTime(amended).orElse(state.end());
    int spooled = 0;
    if (at.isAfter(state.end())) {
      UsageCounters counters;
      try {
        counters = reader.read(state.machineId());
      } catch (DriverException | RuntimeException e) {
        counters = state.counters(); // unreadable now: the next record bills what is missed
      }
      spoolCut(state, counters, at, false);
      spooled = 1;
      state = open.get(state.sessionId());
    }
    open.put(state.sessionId(), state.withAgreement(amended.agreementId()));
    return spooled;
  }

  private static Optional<Instant> changeTime(Session s) {
    return s.agreement()
        .map(
            e -> Agreement.fromCanonical(e.bodyValue()).notBefore().truncatedTo(ChronoUnit.MILLIS));
  }

  /** The sessions being metered, for tests and status. */
  public synchronized Map<String, MeterState> openSessions() {
    return Map.copyOf(open);
  }

  /** Stops sampling. Open sessions stay open in the spool: a restarted daemon resumes them. */
  @Override
  public void close() {
    ScheduledExecutorService t;
    synchronized (this) {
      closed = true;
      t = timer;
    }
    if (t != null) {
      t.shutdownNow();
      try {
        t.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Final record up to {@code end} (or just a close mark if no time passed); returns records. */
  private int finish(MeterState state, Instant end) {
    Instant e = end.truncatedTo(ChronoUnit.MILLIS);
    int spooled = 0;
    if (e.isAfter(state.end())) {
      UsageCounters counters;
      try {
        counters = reader.read(state.machineId());
      } catch (DriverException | RuntimeException ex) {
        // Already wiped or unreachable: nothing more is known than the last reading.
        counters = state.counters();
      }
      spoolCut(state, counters, e, true);
      spooled = 1;
    } else {
      spool.close(state.sessionId());
    }
    open.remove(state.sessionId());
    return spooled;
  }

  private void spoolCut(MeterState state, UsageCounters counters, Instant end, boolean last) {
    UsageMath.Cut cut = UsageMath.cut(state, counters, end);
    if (cut.counterReset()) {
      LOG.log(
          System.Logger.Level.INFO,
          "usage counters of session "
              + state.sessionId()
              + " went down (machine restarted): counting from zero");
    }
    MeterState next = cut.next().closed(last);
    Instant issued = clock.instant();
    UsageRecord record =
        new UsageRecord(
            UsageRecord.VERSION,
            state.sessionId(),
            state.agreementId(),
            hostKey.publicKey().fingerprint(),
            next.sequence(),
            state.end(),
            next.end(),
            cut.quantities(),
            issued.isBefore(next.end()) ? next.end() : issued);
    SignedEnvelope env = SignedEnvelope.sign(UsageRecord.TYPE, record, hostKey);
    spool.append(new SpooledRecord(env.toJson(), next)); // durable before the state moves
    if (last) {
      open.remove(state.sessionId());
    } else {
      open.put(state.sessionId(), next);
    }
  }

  Optional<MeterState> state(String sessionId) {
    synchronized (this) {
      return Optional.ofNullable(open.get(sessionId));
    }
  }
}
