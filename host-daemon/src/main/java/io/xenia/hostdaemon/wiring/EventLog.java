package io.xenia.hostdaemon.wiring;

import io.xenia.hostdaemon.api.EventSubscription;
import io.xenia.hostdaemon.api.LifecycleEvent;
import io.xenia.hostdaemon.machine.MachineRecord;
import io.xenia.hostdaemon.machine.Session;
import io.xenia.hostdaemon.store.StoreListener;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Turns every store write that changes a machine's state into a numbered {@link LifecycleEvent},
 * keeps the last {@code retained} for subscribers that resume, and hands new ones to live
 * subscribers. Numbering is per daemon run (from 1); a subscriber that resumes after a restart with
 * an older number simply gets what is retained.
 *
 * <p>Store listeners run on the writer's thread with the machine's lock held, so delivery here is
 * only a lock, a list append and the subscribers' (non-blocking, by the port's contract) calls.
 */
final class EventLog implements StoreListener {
  private final int retained;
  private final Deque<LifecycleEvent> recent = new ArrayDeque<>(); // guarded by this
  private final List<Consumer<LifecycleEvent>> live = new CopyOnWriteArrayList<>();
  private final java.time.Clock clock;
  private long sequence; // guarded by this

  EventLog(int retained, java.time.Clock clock) {
    this.retained = retained;
    this.clock = clock;
  }

  @Override
  public void changed(MachineRecord before, MachineRecord after) {
    if (before != null && before.state() == after.state()) {
      if (amended(before, after)) {
        Session s = after.requireSession();
        publish(
            s.sessionId(),
            after.machineId(),
            "modified",
            "agreement "
                + s.agreementId()
                + " replaces "
                + before.requireSession().agreementId()
                + ": cpus "
                + s.limits().cpuCores()
                + ", memoryMiB "
                + s.limits().memoryMiB()
                + ", lease end "
                + s.notAfter().map(Object::toString).orElse("open"),
            clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString());
      }
      return; // a rewrite within one state (endpoint, deployment details) is no lifecycle event
    }
    // A session's events name it even after it ended (the ready record has no session any more).
    String session =
        after
            .session()
            .or(() -> before == null ? java.util.Optional.empty() : before.session())
            .map(s -> s.sessionId())
            .orElse(null);
    String state =
        before != null
                && before.session().isPresent()
                && after.session().isEmpty()
                && after.state() == io.xenia.hostdaemon.machine.MachineState.READY
            ? "released"
            : after.state().wireName();
    publish(
        session, after.machineId(), state, after.reason().orElse(null), after.since().toString());
  }

  /** A session whose agreement was amended (a modification): same session, new agreement. */
  private static boolean amended(MachineRecord before, MachineRecord after) {
    return before.session().isPresent()
        && after.session().isPresent()
        && before.session().get().sessionId().equals(after.session().get().sessionId())
        && !before.session().get().agreementId().equals(after.session().get().agreementId());
  }

  private void publish(String session, String machine, String state, String reason, String at) {
    synchronized (this) {
      sequence = Math.max(sequence + 1, clock.millis() * 1000);
      LifecycleEvent e = new LifecycleEvent(sequence, session, machine, state, reason, at);
      recent.addLast(e);
      if (recent.size() > retained) {
        recent.removeFirst();
      }
      for (Consumer<LifecycleEvent> l : live) {
        l.accept(e);
      }
    }
  }

  /** Replays retained events after {@code afterSequence}, then delivers new ones until closed. */
  EventSubscription subscribe(long afterSequence, Consumer<LifecycleEvent> listener) {
    List<LifecycleEvent> replay;
    synchronized (this) {
      replay = new ArrayList<>();
      for (LifecycleEvent e : recent) {
        if (e.sequence() > afterSequence) {
          replay.add(e);
        }
      }
      // Under the same lock as delivery: no event falls between the replay and the live feed.
      replay.forEach(listener);
      live.add(listener);
    }
    return () -> live.remove(listener);
  }
}
