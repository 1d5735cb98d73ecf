package io.xenia.broker.sessions;

import io.xenia.protocol.encoding.CanonicalInteger;
import io.xenia.protocol.encoding.CanonicalJson;
import io.xenia.protocol.encoding.CanonicalObject;
import io.xenia.protocol.encoding.CanonicalString;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;

/**
 * One lifecycle event from a host daemon's {@code GET /v1/events} stream (docs/host-daemon.md): a
 * machine changed state, for a session or outside one. The broker treats it as a hint, never as the
 * truth: it makes the broker ask the host for the session's status now instead of at its next poll,
 * so nothing a host streams can move a session by itself.
 *
 * @param sequence the host's event number (only grows, also across daemon restarts)
 * @param sessionId the session it concerns, when it names one that is a broker session id
 * @param state the machine's state as the host names it ({@code running}, {@code released}, …)
 */
record HostEvent(long sequence, Optional<UUID> sessionId, String state) {
  /** The event a {@code lifecycle} frame carries; empty when the data is not one. */
  static Optional<HostEvent> parse(String data) {
    try {
      // The daemon omits absent fields (no nulls), so its JSON is within what protocol parses.
      if (CanonicalJson.parse(data.getBytes(StandardCharsets.UTF_8)) instanceof CanonicalObject o
          && o.get("sequence") instanceof CanonicalInteger sequence
          && o.get("state") instanceof CanonicalString state) {
        return Optional.of(
            new HostEvent(
                sequence.value(),
                o.get("sessionId") instanceof CanonicalString id
                    ? uuid(id.value())
                    : Optional.empty(),
                state.value()));
      }
      return Optional.empty();
    } catch (RuntimeException notAnEvent) {
      return Optional.empty();
    }
  }

  private static Optional<UUID> uuid(String text) {
    if (text == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(UUID.fromString(text));
    } catch (IllegalArgumentException notOurs) {
      return Optional.empty();
    }
  }

  /** The machine came up: a provisioning session may now be running. */
  boolean saysRunning() {
    return "running".equals(state);
  }

  /** The host gave the machine up or it failed: a running session may have ended. */
  boolean saysGone() {
    return "failed".equals(state) || "releasing".equals(state) || "released".equals(state);
  }
}
