package io.xenia.broker.sessions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The state machine and the end reasons: pure. */
class SessionStateTest {
  @Test
  void theHappyPathAndEveryEnd() {
    SessionState s = SessionState.REQUESTED;
    s = Transition.apply(s, SessionState.ADMITTED, Optional.empty());
    s = Transition.apply(s, SessionState.PROVISIONING, Optional.empty());
    s = Transition.apply(s, SessionState.RUNNING, Optional.empty());
    s = Transition.apply(s, SessionState.ENDED, Optional.of(EndReason.CUSTOMER));
    assertEquals(SessionState.ENDED, s);
    for (SessionState live :
        new SessionState[] {SessionState.ADMITTED, SessionState.PROVISIONING}) {
      assertEquals(
          SessionState.FAILED,
          Transition.apply(live, SessionState.FAILED, Optional.of(EndReason.PROVISIONING_FAILED)));
      assertEquals(
          SessionState.ENDED,
          Transition.apply(live, SessionState.ENDED, Optional.of(EndReason.HOST_UNREACHABLE)));
    }
  }

  @Test
  void noWayBackNoSkippingAndFinalIsFinal() {
    assertThrows(
        IllegalStateException.class,
        () -> Transition.apply(SessionState.RUNNING, SessionState.PROVISIONING, Optional.empty()));
    assertThrows(
        IllegalStateException.class,
        () -> Transition.apply(SessionState.ADMITTED, SessionState.RUNNING, Optional.empty()));
    assertThrows(
        IllegalStateException.class,
        () ->
            Transition.apply(
                SessionState.RUNNING,
                SessionState.FAILED,
                Optional.of(EndReason.PROVISIONING_FAILED)));
    for (SessionState fin : new SessionState[] {SessionState.FAILED, SessionState.ENDED}) {
      assertTrue(fin.isFinal());
      assertTrue(fin.next().isEmpty());
      assertThrows(
          IllegalStateException.class,
          () -> Transition.apply(fin, SessionState.ENDED, Optional.of(EndReason.ADMIN)));
    }
  }

  @Test
  void aFinalStateNeedsAReasonAndALiveOneHasNone() {
    assertThrows(
        IllegalArgumentException.class,
        () -> Transition.apply(SessionState.RUNNING, SessionState.ENDED, Optional.empty()));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            Transition.apply(
                SessionState.ADMITTED, SessionState.PROVISIONING, Optional.of(EndReason.CUSTOMER)));
  }

  @Test
  void provisioningFailureBeforeRunningIsFailedEverythingElseEnded() {
    assertEquals(
        SessionState.FAILED,
        Transition.endStateFor(SessionState.PROVISIONING, EndReason.PROVISIONING_FAILED));
    assertEquals(
        SessionState.ENDED, Transition.endStateFor(SessionState.PROVISIONING, EndReason.CUSTOMER));
    assertEquals(
        SessionState.ENDED,
        Transition.endStateFor(SessionState.RUNNING, EndReason.HOST_UNREACHABLE));
  }

  @Test
  void wireNamesAreStable() {
    assertEquals(
        "[customer, expired, funds-exhausted, host-unreachable, host-reclaimed,"
            + " provisioning-failed, admin]",
        Arrays.toString(Arrays.stream(EndReason.values()).map(EndReason::wireName).toArray()));
    assertEquals(
        "[requested, admitted, provisioning, running, paused, failed, ended]",
        Arrays.toString(
            Arrays.stream(SessionState.values()).map(SessionState::wireName).toArray()));
    for (EndReason r : EndReason.values()) {
      assertEquals(Optional.of(r), EndReason.fromWireName(r.wireName()));
    }
    assertFalse(SessionState.fromWireName("suspended").isPresent());
  }

  @Test
  void aRunningSessionPausesAndResumesOrEndsButNothingElsePauses() {
    assertEquals(
        SessionState.PAUSED,
        Transition.apply(SessionState.RUNNING, SessionState.PAUSED, Optional.empty()));
    assertEquals(
        SessionState.RUNNING,
        Transition.apply(SessionState.PAUSED, SessionState.RUNNING, Optional.empty()));
    assertEquals(
        SessionState.ENDED,
        Transition.apply(
            SessionState.PAUSED, SessionState.ENDED, Optional.of(EndReason.FUNDS_EXHAUSTED)));
    assertFalse(SessionState.PAUSED.isFinal());
    for (SessionState s :
        new SessionState[] {
          SessionState.REQUESTED, SessionState.ADMITTED, SessionState.PROVISIONING
        }) {
      org.junit.jupiter.api.Assertions.assertThrows(
          IllegalStateException.class,
          () -> Transition.apply(s, SessionState.PAUSED, Optional.empty()));
    }
    // A paused session ran: it ends, it does not fail.
    assertEquals(
        SessionState.ENDED,
        Transition.endStateFor(SessionState.PAUSED, EndReason.PROVISIONING_FAILED));
  }
}
