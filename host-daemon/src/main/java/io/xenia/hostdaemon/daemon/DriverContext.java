package io.xenia.hostdaemon.daemon;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Clock;

/**
 * What a {@link DriverFactory} gets.
 *
 * @param stateDir a directory of the daemon's data dir reserved for this driver kind
 * @param clock the daemon's clock
 */
public record DriverContext(Path stateDir, Clock clock) {
  public DriverContext {
    requireNonNull(stateDir, "stateDir is null");
    requireNonNull(clock, "clock is null");
  }
}
