package io.xenia.broker.hosts;

/**
 * The hook for "a host is gone": every bean implementing it is told, after the transaction that
 * marked the host {@code down} or {@code revoked} committed. The sessions feature (issue 5)
 * implements it to end the host's sessions with reason {@code host-unreachable}.
 *
 * <p>Delivery is at most once per transition (a broker that crashes between the commit and the call
 * does not repeat it), so an implementation must also reconcile at start-up: sessions whose host is
 * {@code down} or {@code revoked} ({@link HostRegistry#unreachableHosts()}) are ended then. Called
 * on the detector's (or the revoking request's) thread: return quickly, never throw (a failure is
 * logged and the next listener still runs).
 */
public interface HostFailureListener {
  void hostDown(HostDown event);
}
