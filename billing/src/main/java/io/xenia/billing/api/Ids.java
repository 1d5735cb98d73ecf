package io.xenia.billing.api;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * Identifiers for billing's new rows: UUID version 7 (RFC 9562), time-ordered as the broker's, so
 * that cursor paging by id follows creation order. Thread-safe.
 */
public final class Ids {
  private static final SecureRandom RANDOM = new SecureRandom();

  private Ids() {}

  public static UUID newId() {
    long randA = RANDOM.nextInt(1 << 12);
    long msb = (System.currentTimeMillis() << 16) | (0x7L << 12) | randA;
    long lsb = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(msb, lsb);
  }
}
