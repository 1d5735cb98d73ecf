package io.xenia.billing.usage;

import static java.util.Objects.requireNonNull;

import io.xenia.protocol.crypto.Ed25519PublicKey;
import io.xenia.protocol.records.UsageRecord;

/**
 * One usage record whose signature billing verified, whichever form it came in: a {@code usage}
 * envelope of its own or a member of a {@code usage-batch}.
 *
 * @param record the host's record
 * @param signer the key that signed it (the one with the record's host fingerprint)
 * @param sha256 hash of the record's canonical body, the same in both forms: tells a replay from a
 *     reused sequence
 * @param index where it was in its Kafka record: 0 for a record alone, the member's index in a
 *     batch
 */
public record VerifiedUsage(UsageRecord record, Ed25519PublicKey signer, byte[] sha256, int index) {
  public VerifiedUsage {
    requireNonNull(record, "record is null");
    requireNonNull(signer, "signer is null");
    requireNonNull(sha256, "sha256 is null");
    if (index < 0) {
      throw new IllegalArgumentException("index must not be negative, not " + index);
    }
  }
}
