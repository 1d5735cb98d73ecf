package io.xenia.dht.index;

/**
 * Why the index refused an advertisement, on publishing or on reading it back from a bucket. Each
 * refusal is counted ({@link IndexMetrics}) so an operator sees forged or replayed offers.
 */
public enum Refusal {
  /** The envelope's signature does not verify, or the record is malformed. */
  FORGED,
  /**
   * Signed by a key other than the ad's host id: an ad for another host's machine (or a bucket
   * entry whose owner key is not the ad's host).
   */
  WRONG_HOST,
  /** A sequence number not above one already seen for the machine: a replay or stale write. */
  STALE,
  /** Past its {@code issuedAt + ttl}. */
  EXPIRED,
  /** Priced in another currency than the index's. */
  WRONG_CURRENCY,
  /** A bucket entry that does not match its ad (wrong key, sort key or sequence). */
  MISPLACED
}
