package io.xenia.hostdaemon.store;

import io.xenia.hostdaemon.machine.MachineRecord;

/**
 * A compare-and-set lost: the machine's record changed since the caller read it. The caller
 * re-reads {@link #current()} and decides again (an admission that loses simply refuses).
 */
public final class ConcurrentUpdateException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient MachineRecord current;

  public ConcurrentUpdateException(MachineRecord current, long expectedVersion) {
    super(
        "machine "
            + current.machineId()
            + " is at version "
            + current.version()
            + " ("
            + current.state().wireName()
            + "), not "
            + expectedVersion);
    this.current = current;
  }

  /** The record as it is now. */
  public MachineRecord current() {
    return current;
  }
}
