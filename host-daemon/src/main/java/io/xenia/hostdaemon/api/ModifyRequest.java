package io.xenia.hostdaemon.api;

/**
 * Changes to a running session; a null field is unchanged. {@code leaseEnd} is an ISO-8601 instant
 * (the new end of the lease); {@code cpus} and {@code memoryMib} the new limits, each from 1 to
 * what the machine declares.
 */
public record ModifyRequest(String leaseEnd, Integer cpus, Long memoryMib) {}
