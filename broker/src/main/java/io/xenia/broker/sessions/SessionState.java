package io.xenia.broker.sessions;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Where a session is in its life. {@code requested → admitted → provisioning → running}, and from
 * any live state to {@code failed} (it never ran) or {@code ended} (it ran, or was admitted and
 * then ended on purpose). A running session whose purchase order ran out is {@code paused} for a
 * grace period, then {@code running} again (money came) or {@code ended}. {@code failed} and {@code
 * ended} are final and always carry an {@link EndReason}.
 */
public enum SessionState {
  REQUESTED("requested"),
  ADMITTED("admitted"),
  PROVISIONING("provisioning"),
  RUNNING("running"),
  /** Its purchase order ran out: the machine is stopped at the host for a grace period. */
  PAUSED("paused"),
  FAILED("failed"),
  ENDED("ended");

  private final String wireName;

  SessionState(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public boolean isFinal() {
    return this == FAILED || this == ENDED;
  }

  /** The states this one may move to. */
  public Set<SessionState> next() {
    return switch (this) {
      case REQUESTED -> EnumSet.of(ADMITTED, FAILED, ENDED);
      case ADMITTED -> EnumSet.of(PROVISIONING, FAILED, ENDED);
      case PROVISIONING -> EnumSet.of(RUNNING, FAILED, ENDED);
      case RUNNING -> EnumSet.of(PAUSED, ENDED);
      case PAUSED -> EnumSet.of(RUNNING, ENDED);
      case FAILED, ENDED -> EnumSet.noneOf(SessionState.class);
    };
  }

  public boolean canMoveTo(SessionState target) {
    return next().contains(target);
  }

  public static Optional<SessionState> fromWireName(String name) {
    return Arrays.stream(values()).filter(s -> s.wireName.equals(name)).findFirst();
  }
}
