package io.xenia.hostdaemon.heartbeat;

import java.time.Instant;
import java.util.Optional;

/**
 * What the heartbeat sender knows of its link to the broker.
 *
 * @param state {@code starting}, {@code ok}, {@code failing} (the broker is unreachable or
 *     refusing; retrying with backoff) or {@code revoked} (the broker revoked this host: the sender
 *     stopped and the daemon should stop serving)
 * @param lastAccepted when the broker last accepted a heartbeat
 * @param consecutiveFailures failures since the last accepted heartbeat
 * @param lastError the last failure, for the operator
 */
public record HeartbeatStatus(
    String state,
    Optional<Instant> lastAccepted,
    int consecutiveFailures,
    Optional<String> lastError,
    long sequence) {}
