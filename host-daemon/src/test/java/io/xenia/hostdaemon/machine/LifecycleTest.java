package io.xenia.hostdaemon.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenia.hostdaemon.TestSessions;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LifecycleTest {
  @Test
  void theHappyPathIsAllowed() {
    MachineState[] path = {
      MachineState.NEW,
      MachineState.READY,
      MachineState.CLAIMED,
      MachineState.PROVISIONING,
      MachineState.RUNNING,
      MachineState.RELEASING,
      MachineState.READY
    };
    for (int i = 1; i < path.length; i++) {
      assertTrue(Lifecycle.allowed(path[i - 1], path[i]), path[i - 1] + "->" + path[i]);
    }
  }

  @Test
  void everyStateButFailedMayFail() {
    for (MachineState s : MachineState.values()) {
      assertEquals(s != MachineState.FAILED, Lifecycle.allowed(s, MachineState.FAILED), s.name());
    }
  }

  @Test
  void shortcutsAreRefused() {
    assertFalse(Lifecycle.allowed(MachineState.READY, MachineState.RUNNING));
    assertFalse(Lifecycle.allowed(MachineState.RUNNING, MachineState.READY));
    assertFalse(Lifecycle.allowed(MachineState.CLAIMED, MachineState.RUNNING));
    assertFalse(Lifecycle.allowed(MachineState.NEW, MachineState.CLAIMED));
    assertFalse(Lifecycle.allowed(MachineState.READY, MachineState.READY));
    IllegalTransitionException e =
        assertThrows(
            IllegalTransitionException.class,
            () -> Lifecycle.check("m1", MachineState.RELEASING, MachineState.RUNNING));
    assertTrue(e.getMessage().contains("m1 cannot go from releasing to running"), e.getMessage());
  }

  @Test
  void failedComesBackThroughCommissioningOrAWipe() {
    assertTrue(Lifecycle.allowed(MachineState.FAILED, MachineState.READY));
    assertTrue(Lifecycle.allowed(MachineState.FAILED, MachineState.RELEASING));
    assertFalse(Lifecycle.allowed(MachineState.FAILED, MachineState.CLAIMED));
  }

  @Test
  void leavingTheSessionStatesDropsTheSession() {
    Instant t = Instant.parse("2026-11-30T12:00:00Z");
    MachineRecord ready =
        MachineRecord.fresh("m1", t).moveTo(MachineState.READY, Optional.empty(), t);
    MachineRecord claimed =
        ready
            .withSession(Optional.of(TestSessions.session("s1")))
            .moveTo(MachineState.CLAIMED, Optional.empty(), t);
    MachineRecord failed = claimed.moveTo(MachineState.FAILED, Optional.of("broken"), t);
    assertTrue(failed.serves("s1"), "a failed machine keeps whose session it was");
    MachineRecord releasing = failed.moveTo(MachineState.RELEASING, Optional.empty(), t);
    MachineRecord clean = releasing.moveTo(MachineState.READY, Optional.empty(), t);
    assertTrue(clean.session().isEmpty());
    assertThrows(
        IllegalArgumentException.class,
        () -> ready.moveTo(MachineState.FAILED, Optional.empty(), t),
        "failed needs a reason");
  }

  @Test
  void wireNamesRoundTrip() {
    for (MachineState s : MachineState.values()) {
      assertEquals(s, MachineState.fromWireName(s.wireName()));
    }
    assertThrows(IllegalArgumentException.class, () -> MachineState.fromWireName("READY"));
  }
}
