package io.xenia.hostdaemon.api;

import io.xenia.protocol.crypto.Ed25519KeyPair;
import io.xenia.protocol.records.Agreement;
import io.xenia.protocol.signing.SignedEnvelope;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A small in-test implementation of the port (the edge's boundary): one claim per machine, taken
 * atomically, and a list of events. The daemon core's real one lives in its own packages.
 */
final class InTestHostControl implements HostControl {
  final Ed25519KeyPair hostKey = Ed25519KeyPair.generate(new SecureRandom());
  private final Map<String, String> claims = new ConcurrentHashMap<>(); // machine → session
  private final Map<String, SessionStatus> sessions = new ConcurrentHashMap<>();
  private final List<LifecycleEvent> events = new ArrayList<>(); // guarded by this
  private final List<Consumer<LifecycleEvent>> listeners = new CopyOnWriteArrayList<>();
  final List<ControlCaller> callers = new CopyOnWriteArrayList<>();

  @Override
  public AdmissionDecision admit(AdmissionRequest request) {
    callers.add(request.caller());
    Agreement a = request.proposal();
    if (!a.machineId().startsWith("m")) {
      return new AdmissionDecision.Refused("machine-unknown", "no machine " + a.machineId());
    }
    String winner = claims.putIfAbsent(a.machineId(), a.sessionId());
    if (winner != null) {
      return new AdmissionDecision.Refused(
          "machine-unavailable", a.machineId() + " is claimed by session " + winner);
    }
    sessions.put(a.sessionId(), status(a.sessionId(), a.machineId(), "claimed", null));
    emit(a.sessionId(), a.machineId(), "claimed", null);
    return new AdmissionDecision.Admitted(SignedEnvelope.sign(Agreement.TYPE, a, hostKey));
  }

  @Override
  public SessionStatus provision(ControlCaller caller, String sessionId, ProvisionRequest request) {
    SessionStatus s = existing(sessionId);
    SessionStatus next = status(sessionId, s.machineId(), "provisioning", null);
    sessions.put(sessionId, next);
    emit(sessionId, s.machineId(), "provisioning", request.imageSha256());
    return next;
  }

  @Override
  public SessionStatus modify(ControlCaller caller, String sessionId, ModifyRequest request) {
    if (request.cpus() != null && request.cpus() < 1) {
      throw new HostControlException(HostControlException.Kind.INVALID, "cpus must be positive");
    }
    return existing(sessionId);
  }

  @Override
  public SessionStatus terminate(ControlCaller caller, String sessionId, String reason) {
    SessionStatus s = existing(sessionId);
    SessionStatus next = status(sessionId, s.machineId(), "releasing", reason);
    sessions.put(sessionId, next);
    claims.remove(s.machineId(), sessionId);
    emit(sessionId, s.machineId(), "releasing", reason);
    return next;
  }

  @Override
  public Optional<SessionStatus> status(ControlCaller caller, String sessionId) {
    return Optional.ofNullable(sessions.get(sessionId));
  }

  @Override
  public HostStatusReport hostStatus() {
    return new HostStatusReport(
        "host-under-test",
        2,
        2 - claims.size(),
        Map.of("m1", claims.containsKey("m1") ? "claimed" : "ready"));
  }

  @Override
  public synchronized EventSubscription subscribe(long after, Consumer<LifecycleEvent> listener) {
    for (LifecycleEvent e : events) {
      if (e.sequence() > after) {
        listener.accept(e);
      }
    }
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  private synchronized void emit(String session, String machine, String state, String reason) {
    var event =
        new LifecycleEvent(
            events.size() + 1, session, machine, state, reason, Instant.now().toString());
    events.add(event);
    listeners.forEach(l -> l.accept(event));
  }

  private SessionStatus existing(String sessionId) {
    SessionStatus s = sessions.get(sessionId);
    if (s == null) {
      throw new HostControlException(
          HostControlException.Kind.NOT_FOUND, "no session " + sessionId);
    }
    return s;
  }

  private static SessionStatus status(String session, String machine, String state, String reason) {
    return new SessionStatus(session, machine, state, reason, null, null, Instant.now().toString());
  }
}
