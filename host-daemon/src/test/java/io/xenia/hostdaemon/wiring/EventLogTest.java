package io.xenia.hostdaemon.wiring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenia.hostdaemon.TestSessions;
import io.xenia.hostdaemon.api.LifecycleEvent;
import io.xenia.hostdaemon.machine.MachineRecord;
import io.xenia.hostdaemon.machine.MachineState;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EventLogTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-30T12:00:00Z"), ZoneOffset.UTC);

  private static MachineRecord ready(long version) {
    return MachineRecord.fresh("m1", CLOCK.instant())
        .moveTo(MachineState.READY, Optional.empty(), CLOCK.instant())
        .withVersion(version);
  }

  @Test
  void numbersGrowAcrossRestartsAndAResumingSubscriberGetsOnlyLaterEvents() {
    EventLog first = new EventLog(16, CLOCK);
    List<LifecycleEvent> seen = new ArrayList<>();
    first.subscribe(0, seen::add);
    MachineRecord r = ready(1);
    MachineRecord claimed =
        r.withSession(Optional.of(TestSessions.session("s1")))
            .moveTo(MachineState.CLAIMED, Optional.empty(), CLOCK.instant());
    first.changed(r, claimed);
    first.changed(claimed, claimed.withReason(Optional.of("same state: no event")));
    MachineRecord releasing =
        claimed.moveTo(MachineState.RELEASING, Optional.of("customer"), CLOCK.instant());
    first.changed(claimed, releasing);
    first.changed(
        releasing, releasing.moveTo(MachineState.READY, Optional.empty(), CLOCK.instant()));
    assertEquals(
        List.of("claimed", "releasing", "released"),
        seen.stream().map(LifecycleEvent::state).toList());
    assertTrue(seen.stream().allMatch(e -> "s1".equals(e.sessionId())));
    long last = seen.get(2).sequence();

    // A restart takes at least a second; the clock has not stepped back further than that.
    Clock later = Clock.offset(CLOCK, java.time.Duration.ofSeconds(1));
    EventLog restarted = new EventLog(16, later);
    restarted.changed(r, claimed);
    List<LifecycleEvent> resumed = new ArrayList<>();
    restarted.subscribe(0, resumed::add);
    assertTrue(resumed.get(0).sequence() >= later.millis() * 1000);
    List<LifecycleEvent> after = new ArrayList<>();
    restarted.subscribe(last, after::add);
    assertEquals(1, after.size(), "the new run's event is above the old run's last number");
  }
}
