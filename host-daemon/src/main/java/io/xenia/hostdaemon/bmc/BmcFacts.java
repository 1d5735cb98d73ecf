package io.xenia.hostdaemon.bmc;

import io.xenia.hostdaemon.driver.DriverException;

/**
 * A BMC that says what its machine has, out of band (Redfish: the ComputerSystem's {@code
 * ProcessorSummary} and {@code MemorySummary}). IPMI has no standard way to, so {@link IpmiPower}
 * does not implement it.
 */
public interface BmcFacts {
  /** CPU cores and memory as the BMC reports them. */
  SystemSummary summary() throws DriverException;

  /**
   * @param cpuCores {@code ProcessorSummary.CoreCount} where the BMC gives it, else {@code Count}
   * @param memoryMiB {@code MemorySummary.TotalSystemMemoryGiB} in MiB, rounded
   */
  record SystemSummary(int cpuCores, long memoryMiB) {}
}
