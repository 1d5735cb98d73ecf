package io.xenia.broker.sessions;

import java.util.Optional;

/**
 * Reads a {@code text/event-stream} one line at a time (the WHATWG "event stream interpretation":
 * {@code field: value} lines, one optional space after the colon, {@code :} comments, a blank line
 * dispatches, several {@code data} lines join with a newline). Not thread-safe: one per stream.
 */
final class ServerSentEvents {
  /** One dispatched event; {@code id} is the last id the stream named (empty when none yet). */
  record Frame(Optional<String> id, String event, String data) {}

  private String lastId;
  private String event = "";
  private StringBuilder data;

  /** Feeds one line (without its terminator); a blank line yields the event it completes. */
  Optional<Frame> line(String line) {
    if (line.isEmpty()) {
      return dispatch();
    }
    if (line.startsWith(":")) {
      return Optional.empty(); // comment: keepalives, the stream's banner
    }
    int colon = line.indexOf(':');
    String field = colon < 0 ? line : line.substring(0, colon);
    String value = colon < 0 ? "" : line.substring(colon + 1);
    if (value.startsWith(" ")) {
      value = value.substring(1);
    }
    switch (field) {
      case "data" -> {
        if (data == null) {
          data = new StringBuilder(value);
        } else {
          data.append('\n').append(value);
        }
      }
      case "event" -> event = value;
      case "id" -> {
        if (value.indexOf('\0') < 0) {
          lastId = value;
        }
      }
      default -> {
        // "retry" and unknown fields: ignored, as the format says
      }
    }
    return Optional.empty();
  }

  private Optional<Frame> dispatch() {
    if (data == null) {
      event = "";
      return Optional.empty();
    }
    Frame frame =
        new Frame(
            Optional.ofNullable(lastId), event.isEmpty() ? "message" : event, data.toString());
    data = null;
    event = "";
    return Optional.of(frame);
  }
}
