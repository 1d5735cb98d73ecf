package io.xenia.bmcsim;

/**
 * One machine behind the Redfish service: what a BMC can see and do to its host. Implementations
 * are thread-safe; the server calls them from its request threads.
 */
public interface SimulatedSystem {
  /** The ComputerSystem's {@code Id}, the last segment of its URI. */
  String id();

  /** Whether the machine is powered on now. */
  boolean poweredOn();

  /**
   * Does a {@code ComputerSystem.Reset}; returns once the power state has changed (or for
   * GracefulShutdown, once the machine is off or was forced off after a grace period).
   */
  void reset(ResetType type) throws java.io.IOException;

  BootOverride bootOverride();

  void setBootOverride(BootOverride override);

  /** CPUs and memory, for the ComputerSystem's summaries. */
  int cpus();

  long memoryMiB();
}
