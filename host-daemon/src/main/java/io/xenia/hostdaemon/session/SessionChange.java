package io.xenia.hostdaemon.session;

import static java.util.Objects.requireNonNull;

import io.xenia.hostdaemon.driver.Limits;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * What a broker asks to change in a running session; an empty field stays as agreed.
 *
 * @param leaseEnd the new end of the lease (millisecond precision, like agreements)
 * @param cpuCores the new CPU limit
 * @param memoryMiB the new memory limit
 */
public record SessionChange(
    Optional<Instant> leaseEnd, Optional<Integer> cpuCores, Optional<Long> memoryMiB) {
  public SessionChange {
    leaseEnd =
        requireNonNull(leaseEnd, "leaseEnd is null").map(t -> t.truncatedTo(ChronoUnit.MILLIS));
    requireNonNull(cpuCores, "cpuCores is null");
    requireNonNull(memoryMiB, "memoryMiB is null");
  }

  /** Nothing to change. */
  public boolean isEmpty() {
    return leaseEnd.isEmpty() && cpuCores.isEmpty() && memoryMiB.isEmpty();
  }

  /** The limits after the change, from the ones in force. */
  public Limits limitsFrom(Limits current) {
    return new Limits(cpuCores.orElse(current.cpuCores()), memoryMiB.orElse(current.memoryMiB()));
  }
}
