package io.xenia.billing.usage;

/**
 * Why a usage record was not charged. The slugs are stable: they are the {@code reason} header of
 * the dead-letter topic, a label of the {@code billing.dead.letters} counter and a column of {@code
 * billing.dead_letter}.
 */
public enum DeadLetterReason {
  /** Not a signed usage record: undecodable JSON, a wrong type, a field out of range. */
  MALFORMED("malformed"),
  /** A signature that does not verify, or a signer other than the host the record names. */
  BAD_SIGNATURE("bad-signature"),
  /** No agreement has the id the record names. */
  UNKNOWN_AGREEMENT("unknown-agreement"),
  /** The agreement governs another session, or another host signed the record. */
  AGREEMENT_MISMATCH("agreement-mismatch"),
  /** The interval starts before the lease or at or after its agreed end. */
  OUTSIDE_LEASE("outside-lease"),
  /** The interval overlaps one of the session's records already charged. */
  OVERLAPPING_INTERVAL("overlapping-interval"),
  /**
   * The interval does not follow the session's sequence numbers: it starts before a record numbered
   * lower ends, or ends after a record numbered higher starts, without overlapping it.
   */
  INTERVAL_OUT_OF_ORDER("interval-out-of-order"),
  /** A sequence number already charged, with other content. */
  SEQUENCE_REUSED("sequence-reused"),
  /** The agreement prices a unit billing cannot measure. */
  UNKNOWN_UNIT("unknown-unit");

  private final String slug;

  DeadLetterReason(String slug) {
    this.slug = slug;
  }

  public String slug() {
    return slug;
  }
}
