package io.xenia.billing.usage;

import io.xenia.protocol.records.UsageRecord;
import io.xenia.protocol.signing.Signed;
import io.xenia.protocol.signing.SignedEnvelope;
import io.xenia.protocol.signing.VerificationException;

/**
 * Opens a record as it came off {@code usage.v1}: decodes the envelope and verifies that the host
 * it names signed it. Pure (no IO); the costly part is the Ed25519 verification.
 */
public final class IncomingRecord {
  private IncomingRecord() {}

  /**
   * Malformed JSON, layout or fields ({@code IllegalArgumentException}s in protocol) → {@code
   * malformed}.
   */
  public static Signed<UsageRecord> open(byte[] value) throws InvalidUsageException {
    if (value == null || value.length == 0) {
      throw new InvalidUsageException(DeadLetterReason.MALFORMED, "empty record");
    }
    SignedEnvelope envelope;
    try {
      envelope = SignedEnvelope.fromJson(value);
    } catch (IllegalArgumentException e) {
      throw new InvalidUsageException(
          DeadLetterReason.MALFORMED, "not a signed envelope: " + e.getMessage());
    }
    try {
      return UsageRecord.open(envelope);
    } catch (VerificationException e) {
      throw new InvalidUsageException(DeadLetterReason.BAD_SIGNATURE, e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new InvalidUsageException(
          DeadLetterReason.MALFORMED, "not a usage record: " + e.getMessage());
    }
  }

  /**
   * What a record claims to be, without verifying it: for keying and reporting dead letters by the
   * session they name. Never a basis for charging.
   */
  public static java.util.Optional<UsageRecord> claimed(byte[] value) {
    try {
      return java.util.Optional.of(
          UsageRecord.fromCanonical(SignedEnvelope.fromJson(value).bodyValue()));
    } catch (IllegalArgumentException | NullPointerException e) {
      return java.util.Optional.empty();
    }
  }
}
