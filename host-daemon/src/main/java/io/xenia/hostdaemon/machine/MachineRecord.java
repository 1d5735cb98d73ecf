package io.xenia.hostdaemon.machine;

import static java.util.Objects.requireNonNull;

import io.xenia.hostdaemon.driver.Endpoint;
import io.xenia.protocol.signing.SignedEnvelope;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Everything the daemon persists about one machine: its lifecycle state and, while a customer holds
 * it, the session. One record per machine, replaced as a whole; {@code version} grows by one with
 * every write and is what compare-and-set compares.
 *
 * @param machineId the inventory id
 * @param version 0 for a record never written, then 1, 2, ...
 * @param state the lifecycle state
 * @param reason why the machine failed (for {@link MachineState#FAILED}), or a note
 * @param session the session it serves, for the states that {@link MachineState#holdsSession()}
 * @param endpoint where the customer logs in, once running
 * @param lastWipe the signed wipe record of the last release, for the customer to fetch
 * @param since when the machine entered its state
 */
public record MachineRecord(
    String machineId,
    long version,
    MachineState state,
    Optional<String> reason,
    Optional<Session> session,
    Optional<Endpoint> endpoint,
    Optional<SignedEnvelope> lastWipe,
    Instant since) {
  public MachineRecord {
    requireNonNull(machineId, "machineId is null");
    if (version < 0) {
      throw new IllegalArgumentException("version must be >= 0");
    }
    requireNonNull(state, "state is null");
    requireNonNull(reason, "reason is null");
    requireNonNull(session, "session is null");
    requireNonNull(endpoint, "endpoint is null");
    requireNonNull(lastWipe, "lastWipe is null");
    // Files store instants at millisecond precision; a record must equal its own reading.
    since = requireNonNull(since, "since is null").truncatedTo(ChronoUnit.MILLIS);
    if (state.holdsSession() && session.isEmpty()) {
      throw new IllegalArgumentException(
          "machine " + machineId + " is " + state.wireName() + " without a session");
    }
    if (state == MachineState.FAILED && reason.isEmpty()) {
      throw new IllegalArgumentException("machine " + machineId + " failed without a reason");
    }
  }

  /** A machine seen for the first time, not yet written. */
  public static MachineRecord fresh(String machineId, Instant now) {
    return new MachineRecord(
        machineId,
        0,
        MachineState.NEW,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        now);
  }

  /** The session, which the caller knows is there. */
  public Session requireSession() {
    return session.orElseThrow(
        () -> new IllegalStateException("machine " + machineId + " has no session"));
  }

  /** True if the record serves that session. */
  public boolean serves(String sessionId) {
    return session.isPresent() && session.get().sessionId().equals(sessionId);
  }

  /**
   * The record in another state, checked against {@link Lifecycle}; the version is left for the
   * store to set. Leaving the session-holding states clears the session and endpoint; a failed
   * machine keeps its session so that an operator sees whose it was.
   */
  public MachineRecord moveTo(MachineState to, Optional<String> why, Instant now) {
    Lifecycle.check(machineId, state, to);
    boolean keepSession = to.holdsSession() || to == MachineState.FAILED;
    return new MachineRecord(
        machineId,
        version,
        to,
        why,
        keepSession ? session : Optional.empty(),
        to == MachineState.RUNNING || to == MachineState.FAILED ? endpoint : Optional.empty(),
        lastWipe,
        now);
  }

  public MachineRecord withReason(Optional<String> r) {
    return new MachineRecord(machineId, version, state, r, session, endpoint, lastWipe, since);
  }

  public MachineRecord withSession(Optional<Session> s) {
    return new MachineRecord(machineId, version, state, reason, s, endpoint, lastWipe, since);
  }

  public MachineRecord withEndpoint(Optional<Endpoint> e) {
    return new MachineRecord(machineId, version, state, reason, session, e, lastWipe, since);
  }

  public MachineRecord withLastWipe(Optional<SignedEnvelope> w) {
    return new MachineRecord(machineId, version, state, reason, session, endpoint, w, since);
  }

  public MachineRecord withVersion(long v) {
    return new MachineRecord(machineId, v, state, reason, session, endpoint, lastWipe, since);
  }
}
