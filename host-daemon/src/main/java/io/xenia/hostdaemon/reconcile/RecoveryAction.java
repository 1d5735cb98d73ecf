package io.xenia.hostdaemon.reconcile;

/** What the reconciler does about a failure, as the operator sets it per {@link FailureKind}. */
public enum RecoveryAction {
  /** Repeat the failed step after a backoff, up to the attempt limit; then mark failed. */
  RETRY,
  /**
   * Deploy the session again from scratch (a running machine goes back to provisioning), after a
   * backoff and up to the attempt limit; then mark failed.
   */
  REPROVISION,
  /** Mark the machine failed at once, with the reason, for the operator. */
  FAIL
}
