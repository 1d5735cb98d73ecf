package io.xenia.broker.hosts;

import java.util.Arrays;
import java.util.Optional;

/**
 * What the broker believes of a host. {@code up}, {@code suspect} and {@code down} follow its
 * heartbeats ({@link Liveness}); {@code revoked} is final: the broker refuses the host from then
 * on.
 */
public enum HostStatus {
  UP("up"),
  SUSPECT("suspect"),
  DOWN("down"),
  REVOKED("revoked");

  private final String wireName;

  HostStatus(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static Optional<HostStatus> fromWireName(String name) {
    return Arrays.stream(values()).filter(s -> s.wireName.equals(name)).findFirst();
  }
}
