package io.xenia.dht;

/**
 * What a storing node did with one entry of a STORE. Every refusal is counted by the refusing node
 * ({@link DhtNode#metrics()}), so an operator can see forged or replayed writes.
 */
public enum StoreOutcome {
  /** Stored (or a tombstone recorded). */
  ACCEPTED,
  /** The sequence number is not above the stored one for this key: a replay or a stale write. */
  STALE,
  /** Another owner's key holds this key; only the key that signed it may overwrite or remove it. */
  NOT_OWNER,
  /** The signature does not verify: forged or corrupted. */
  FORGED,
  /** Already expired, or its TTL exceeds the node's limit. */
  EXPIRED,
  /** The value is larger than the node accepts, or the node holds too many entries. */
  TOO_LARGE
}
