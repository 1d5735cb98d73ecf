package io.xenia.hostdaemon.api;

/**
 * Changes to a running session; a null field is unchanged. {@code leaseEnd} is an ISO-8601 instant.
 */
public record ModifyRequest(String leaseEnd, Integer cpus, Long memoryMib) {}
