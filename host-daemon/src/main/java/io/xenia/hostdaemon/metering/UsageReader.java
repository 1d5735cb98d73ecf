package io.xenia.hostdaemon.metering;

import io.xenia.hostdaemon.driver.DriverException;
import io.xenia.hostdaemon.driver.UsageCounters;

/** Reads a machine's cumulative usage counters through its driver. */
@FunctionalInterface
public interface UsageReader {
  UsageCounters read(String machineId) throws DriverException;
}
