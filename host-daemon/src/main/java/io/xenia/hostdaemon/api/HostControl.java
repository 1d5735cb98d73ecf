package io.xenia.hostdaemon.api;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * The port behind the control API: what a broker may ask of this host. The daemon core implements
 * it (admission with its atomic claim, provisioning through the drivers); the API edge ({@link
 * ControlApiServer}) only authenticates callers, translates JSON and maps outcomes to HTTP.
 *
 * <p>Threading: the edge calls every method concurrently from its request threads, including
 * several {@link #admit} calls for the same machine from different brokers; the implementation owns
 * all concurrency control (exactly one of racing admissions may win a machine). Methods may block
 * for short work; long work (provisioning) must be started and reported through events.
 *
 * <p>Failures the caller can act on are {@link HostControlException}s; anything else is a bug and
 * answers 500.
 */
public interface HostControl {
  /**
   * Checks the proposal against capacity and operator policy, claims the machine atomically and
   * signs the agreement — or refuses with a reason. Never both for two concurrent callers.
   */
  AdmissionDecision admit(AdmissionRequest request);

  /** Starts provisioning an admitted session (image, customer key); progress comes as events. */
  SessionStatus provision(ControlCaller caller, String sessionId, ProvisionRequest request);

  /**
   * Changes a running session (lease end, CPU and memory limits; limits only where the driver can
   * resize) under an amended agreement, returned in the status. A refusal is a {@link
   * HostControlException} of kind {@code REFUSED} (or {@code INVALID}) with a stable reason code.
   */
  SessionStatus modify(ControlCaller caller, String sessionId, ModifyRequest request);

  /** Ends a session: the machine is released and wiped; idempotent. */
  SessionStatus terminate(ControlCaller caller, String sessionId, String reason);

  /**
   * Pauses a running session's machine (nothing runs, nothing is lost) or resumes it; idempotent. A
   * driver that cannot pause refuses ({@code REFUSED}, reason {@code pause-unsupported}).
   */
  default SessionStatus pause(ControlCaller caller, String sessionId, boolean paused) {
    throw new HostControlException(
        HostControlException.Kind.REFUSED, "pause-unsupported", "this host cannot pause sessions");
  }

  /** A session's current state, empty if this host knows no such session. */
  Optional<SessionStatus> status(ControlCaller caller, String sessionId);

  /** The host's machines at a glance. */
  HostStatusReport hostStatus();

  /**
   * Delivers lifecycle events with a sequence above {@code afterSequence} (those still retained,
   * then new ones as they happen) to {@code listener} until the subscription is closed. The
   * listener must not block: the edge queues events per subscriber.
   */
  EventSubscription subscribe(long afterSequence, Consumer<LifecycleEvent> listener);
}
