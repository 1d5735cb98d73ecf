package io.xenia.dht.transport.udp;

import io.xenia.dht.StoreOutcome;

/**
 * Fixed wire codes of {@link StoreOutcome}, independent of the enum's declaration order so that
 * reordering the enum cannot change the protocol. Stateless.
 */
final class OutcomeCode {
  private OutcomeCode() {}

  static int of(StoreOutcome outcome) {
    return switch (outcome) {
      case ACCEPTED -> 0;
      case STALE -> 1;
      case NOT_OWNER -> 2;
      case FORGED -> 3;
      case EXPIRED -> 4;
      case TOO_LARGE -> 5;
    };
  }

  static StoreOutcome decode(int code) {
    return switch (code) {
      case 0 -> StoreOutcome.ACCEPTED;
      case 1 -> StoreOutcome.STALE;
      case 2 -> StoreOutcome.NOT_OWNER;
      case 3 -> StoreOutcome.FORGED;
      case 4 -> StoreOutcome.EXPIRED;
      case 5 -> StoreOutcome.TOO_LARGE;
      default -> throw new DecodeException("unknown store outcome " + code);
    };
  }
}
