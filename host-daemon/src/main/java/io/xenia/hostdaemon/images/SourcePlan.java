package io.xenia.hostdaemon.images;

/**
 * Where a chunk's next attempt goes, given what is free and what peers said. The broker is asked
 * first while one of the fetch's broker slots is free — on a fast broker most chunks come from it;
 * when its slots are all busy (it answers slowly, or the image is large) the other workers take
 * chunks from peers that said they hold them, else ask a peer that has not said (or said so a while
 * ago), else wait for a broker slot. A chunk's last attempt always waits for the broker, which
 * holds every verified blob, so peers alone can never fail a fetch.
 */
enum SourcePlan {
  BROKER,
  PEER_HOLDING,
  PEER_TO_ASK,
  WAIT_FOR_BROKER;

  static SourcePlan pick(
      boolean lastAttempt, boolean brokerSlotFree, boolean peerHolds, boolean peerWorthAsking) {
    if (lastAttempt) {
      return brokerSlotFree ? BROKER : WAIT_FOR_BROKER;
    }
    if (brokerSlotFree) {
      return BROKER;
    }
    if (peerHolds) {
      return PEER_HOLDING;
    }
    if (peerWorthAsking) {
      return PEER_TO_ASK;
    }
    return WAIT_FOR_BROKER;
  }
}
