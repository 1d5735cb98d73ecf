package io.xenia.broker.sessions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServerSentEventsTest {
  private static List<ServerSentEvents.Frame> read(String... lines) {
    var parser = new ServerSentEvents();
    List<ServerSentEvents.Frame> frames = new ArrayList<>();
    for (String line : lines) {
      parser.line(line).ifPresent(frames::add);
    }
    return frames;
  }

  @Test
  void aFrameIsDispatchedByTheBlankLineWithItsIdAndEvent() {
    var frames = read(": banner", "", "id: 7", "event: lifecycle", "data: {\"a\":1}", "");
    assertEquals(1, frames.size());
    assertEquals(Optional.of("7"), frames.get(0).id());
    assertEquals("lifecycle", frames.get(0).event());
    assertEquals("{\"a\":1}", frames.get(0).data());
  }

  @Test
  void dataLinesJoinWithNewlinesAndOnlyOneLeadingSpaceIsDropped() {
    var frames = read("data:  two spaces", "data:none", "");
    assertEquals(" two spaces\nnone", frames.get(0).data());
    assertEquals("message", frames.get(0).event());
  }

  @Test
  void commentsKeepalivesAndFramesWithoutDataDispatchNothing() {
    assertTrue(read(": keepalive", "", "event: lifecycle", "", "retry: 10", "").isEmpty());
  }

  @Test
  void theLastIdCarriesOverAndTheEventNameDoesNot() {
    var frames = read("id: 3", "event: lifecycle", "data: x", "", "data: y", "");
    assertEquals(Optional.of("3"), frames.get(1).id());
    assertEquals("message", frames.get(1).event());
  }
}
