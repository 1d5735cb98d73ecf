package io.xenia.broker.common;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.UUID;

/**
 * Identifiers for new rows: UUID version 7 (RFC 9562), time-ordered so that primary-key indexes
 * grow at their end and cursor pagination by id follows creation order.
 *
 * <p>Thread-safe.
 */
public final class Ids {
  private static final SecureRandom RANDOM = new SecureRandom();

  private Ids() {}

  public static UUID newId() {
    return newId(Clock.systemUTC().millis());
  }

  static UUID newId(long unixMillis) {
    long randA = RANDOM.nextInt(1 << 12);
    long msb = (unixMillis << 16) | (0x7L << 12) | randA;
    long lsb = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(msb, lsb);
  }
}
