package io.xenia.hostdaemon.api;

/**
 * One transition of a machine or session, numbered by a host-wide sequence that only grows (a
 * subscriber resumes after the last one it saw). {@code sessionId} is null for transitions outside
 * a session (commissioning); {@code at} is ISO-8601.
 */
public record LifecycleEvent(
    long sequence, String sessionId, String machineId, String state, String reason, String at) {}
