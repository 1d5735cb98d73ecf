package io.xenia.broker.hosts;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.UUID;

/**
 * A host the broker gave up on: the failure detector marked it {@code down}, or it was revoked.
 * Sessions on it should end with reason {@code host-unreachable}.
 *
 * @param cause {@link HostStatus#DOWN} or {@link HostStatus#REVOKED}
 */
public record HostDown(UUID hostId, UUID operatorAccountId, HostStatus cause, Instant at) {
  public HostDown {
    requireNonNull(hostId, "hostId is null");
    requireNonNull(operatorAccountId, "operatorAccountId is null");
    requireNonNull(cause, "cause is null");
    requireNonNull(at, "at is null");
  }
}
