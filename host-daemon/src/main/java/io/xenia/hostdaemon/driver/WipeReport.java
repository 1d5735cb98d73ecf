package io.xenia.hostdaemon.driver;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * What {@link Driver#wipe} did, for the signed wipe record the customer gets.
 *
 * @param method like {@code "rootfs-discarded"} or {@code "disk-zeroed"}
 * @param bytesErased bytes overwritten or discarded
 * @param completedAt when the machine was clean
 */
public record WipeReport(String method, long bytesErased, Instant completedAt) {
  public WipeReport {
    requireNonNull(method, "method is null");
    requireNonNull(completedAt, "completedAt is null");
  }
}
