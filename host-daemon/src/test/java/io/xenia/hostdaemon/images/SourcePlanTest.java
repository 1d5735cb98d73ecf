package io.xenia.hostdaemon.images;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Where a chunk's next attempt goes. */
class SourcePlanTest {
  @Test
  void aFreeBrokerSlotWinsOverPeers() {
    assertEquals(SourcePlan.BROKER, SourcePlan.pick(false, true, true, true));
  }

  @Test
  void withTheBrokerBusyAPeerThatSaidItHoldsTheChunkComesFirstThenOneWorthAsking() {
    assertEquals(SourcePlan.PEER_HOLDING, SourcePlan.pick(false, false, true, true));
    assertEquals(SourcePlan.PEER_TO_ASK, SourcePlan.pick(false, false, false, true));
  }

  @Test
  void withNoPeerToAskTheChunkWaitsForTheBroker() {
    assertEquals(SourcePlan.WAIT_FOR_BROKER, SourcePlan.pick(false, false, false, false));
  }

  @Test
  void aLastAttemptGoesToTheBrokerWhateverPeersSay() {
    assertEquals(SourcePlan.WAIT_FOR_BROKER, SourcePlan.pick(true, false, true, true));
    assertEquals(SourcePlan.BROKER, SourcePlan.pick(true, true, true, true));
  }
}
