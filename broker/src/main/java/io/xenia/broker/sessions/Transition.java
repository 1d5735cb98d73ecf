package io.xenia.broker.sessions;

import java.util.Optional;

/**
 * The session state machine's one rule: a move is allowed only along {@link SessionState#next()},
 * and a final state needs a reason while a live one has none. Pure, for the service and the tests.
 */
public final class Transition {
  private Transition() {}

  /**
   * @return the state after the move
   * @throws IllegalStateException for a move the machine does not allow
   * @throws IllegalArgumentException for a final state without a reason, or a live one with one
   */
  public static SessionState apply(SessionState from, SessionState to, Optional<EndReason> reason) {
    if (!from.canMoveTo(to)) {
      throw new IllegalStateException(
          "a session cannot move from " + from.wireName() + " to " + to.wireName());
    }
    if (to.isFinal() != reason.isPresent()) {
      throw new IllegalArgumentException(
          to.isFinal() ? to.wireName() + " needs a reason" : to.wireName() + " takes no reason");
    }
    return to;
  }

  /**
   * The final state for an end: a session that never reached {@code running} and ends because its
   * provisioning failed is {@code failed}; every other end is {@code ended}.
   */
  public static SessionState endStateFor(SessionState from, EndReason reason) {
    if (from != SessionState.RUNNING
        && from != SessionState.PAUSED
        && reason == EndReason.PROVISIONING_FAILED) {
      return SessionState.FAILED;
    }
    return SessionState.ENDED;
  }
}
