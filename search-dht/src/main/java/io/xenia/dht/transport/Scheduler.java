package io.xenia.dht.transport;

/**
 * The single thread (real or simulated) that owns a node's state, and its clock.
 *
 * <p>Every call of the node core happens on this thread, so the core needs no locks. The real
 * implementation is a Netty event loop; the simulated one is a deterministic discrete-event queue
 * shared by thousands of nodes in one JVM, with virtual time.
 */
public interface Scheduler {
  /** A monotonic clock in nanoseconds (virtual in simulation). */
  long nanoTime();

  /** Wall-clock epoch milliseconds (virtual in simulation): the clock of entry expiry. */
  long currentTimeMillis();

  /** Runs the task on the owning thread, soon. Safe to call from any thread. */
  void execute(Runnable task);

  /** Runs the task on the owning thread after the delay; the handle cancels it. */
  Cancellable schedule(long delayNanos, Runnable task);

  /** True when called on the owning thread. */
  boolean inOwnThread();

  /** A scheduled task that can be cancelled before it runs. */
  interface Cancellable {
    /** Prevents the task from running if it has not started; harmless afterwards. */
    void cancel();
  }
}
