package io.xenia.billing.charging;

import java.util.Optional;

/**
 * What is already charged for a record's session around its sequence number: the hash of the record
 * charged under that very number, or else the nearest records charged before and after it (by
 * sequence). A session's charged intervals ascend with their sequence numbers, so a new record
 * keeps them in order exactly when it fits between these two.
 *
 * @param sameSequenceSha256 the body hash of the record charged under the same sequence, if any
 * @param before the charged record with the highest lower sequence, if any
 * @param after the charged record with the lowest higher sequence, if any
 */
public record StoredAround(
    Optional<byte[]> sameSequenceSha256,
    Optional<ChargedInterval> before,
    Optional<ChargedInterval> after) {
  /** Nothing charged for the session around this sequence. */
  public static final StoredAround NOTHING =
      new StoredAround(Optional.empty(), Optional.empty(), Optional.empty());
}
