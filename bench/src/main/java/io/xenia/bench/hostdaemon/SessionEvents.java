package io.xenia.bench.hostdaemon;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** The lifecycle states each session has been seen in on the event stream. Thread-safe. */
final class SessionEvents {
  private final Map<String, Set<String>> states = new HashMap<>();

  synchronized void seen(String sessionId, String state) {
    states.computeIfAbsent(sessionId, s -> new HashSet<>()).add(state);
    notifyAll();
  }

  /** Waits until {@code sessionId} was seen in {@code state}; fails on {@code failed}. */
  synchronized void await(String sessionId, String state, long timeoutMillis)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
    while (true) {
      Set<String> seen = states.getOrDefault(sessionId, Set.of());
      if (seen.contains(state)) {
        return;
      }
      if (seen.contains("failed")) {
        throw new IllegalStateException(sessionId + " failed (seen: " + seen + ")");
      }
      long left = (deadline - System.nanoTime()) / 1_000_000L;
      if (left <= 0) {
        throw new IllegalStateException(
            sessionId + " not " + state + " within " + timeoutMillis + " ms (seen: " + seen + ")");
      }
      wait(left);
    }
  }
}
