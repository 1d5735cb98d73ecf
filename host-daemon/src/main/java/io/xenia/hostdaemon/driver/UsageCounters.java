package io.xenia.hostdaemon.driver;

/**
 * Cumulative counters of a running deployment, read by the meter every few seconds; the meter turns
 * differences into usage records.
 *
 * @param cpuNanos CPU time used by everything in the machine since it booted
 * @param memoryBytes memory in use now
 * @param rxBytes bytes the machine received
 * @param txBytes bytes the machine sent
 */
public record UsageCounters(long cpuNanos, long memoryBytes, long rxBytes, long txBytes) {}
