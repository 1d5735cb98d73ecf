package io.xenia.broker.sessions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class HostEventTest {
  @Test
  void aDaemonLifecycleEventIsRead() {
    UUID id = UUID.randomUUID();
    HostEvent e =
        HostEvent.parse(
                "{\"sequence\":1764518400000000,\"sessionId\":\""
                    + id
                    + "\",\"machineId\":\"m1\",\"state\":\"running\",\"at\":\"2026-11-30T16:00:00Z\"}")
            .orElseThrow();
    assertEquals(1764518400000000L, e.sequence());
    assertEquals(Optional.of(id), e.sessionId());
    assertTrue(e.saysRunning());
    assertFalse(e.saysGone());
  }

  @Test
  void anEventOutsideASessionOrNamingNoBrokerSessionHasNoSessionId() {
    assertEquals(
        Optional.empty(),
        HostEvent.parse("{\"sequence\":2,\"machineId\":\"m1\",\"state\":\"ready\"}")
            .orElseThrow()
            .sessionId());
    assertEquals(
        Optional.empty(),
        HostEvent.parse("{\"sequence\":3,\"sessionId\":\"s-1\",\"state\":\"released\"}")
            .orElseThrow()
            .sessionId());
  }

  @Test
  void releasedReleasingAndFailedSayTheMachineIsGone() {
    for (String state : new String[] {"released", "releasing", "failed"}) {
      assertTrue(
          HostEvent.parse("{\"sequence\":1,\"state\":\"" + state + "\"}").orElseThrow().saysGone());
    }
    assertFalse(HostEvent.parse("{\"sequence\":1,\"state\":\"claimed\"}").orElseThrow().saysGone());
  }

  @Test
  void somethingElseIsNoEvent() {
    assertTrue(HostEvent.parse("not json").isEmpty());
    assertTrue(HostEvent.parse("{\"state\":\"running\"}").isEmpty());
    assertTrue(HostEvent.parse("{\"sequence\":1.5,\"state\":\"running\"}").isEmpty());
    assertTrue(HostEvent.parse("[1]").isEmpty());
  }
}
