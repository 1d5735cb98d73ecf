package io.xenia.billing.usage;

import io.xenia.protocol.crypto.Ed25519PublicKey;
import io.xenia.protocol.records.UsageBatch;
import io.xenia.protocol.records.UsageRecord;
import io.xenia.protocol.signing.Signed;
import io.xenia.protocol.signing.SignedEnvelope;
import io.xenia.protocol.signing.VerificationException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens a record as it came off {@code usage.v1}, a {@code usage} envelope or a {@code usage-batch}
 * one: decodes the envelope and verifies that the host it names signed it, once for a whole batch.
 * Pure (no IO); the costly part is the Ed25519 verification.
 */
public final class IncomingRecord {
  private IncomingRecord() {}

  /**
   * The verified records of one Kafka record: one for a {@code usage} envelope, the members in
   * order for a {@code usage-batch}. A batch is verified and checked as a whole (signature, host of
   * every member, no sequence twice): if any of that fails, none of its members is trusted.
   *
   * <p>Malformed JSON, layout or fields ({@code IllegalArgumentException}s in protocol) → {@code
   * malformed}.
   */
  public static List<VerifiedUsage> open(byte[] value) throws InvalidUsageException {
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
    boolean batch = UsageBatch.TYPE.name().equals(envelope.type());
    try {
      if (batch) {
        Signed<UsageBatch> signed = UsageBatch.open(envelope);
        UsageBatch b = signed.record();
        Ed25519PublicKey signer = signed.requireSignerWithFingerprint(b.hostId());
        List<VerifiedUsage> members = new ArrayList<>(b.records().size());
        for (int i = 0; i < b.records().size(); i++) {
          members.add(new VerifiedUsage(b.records().get(i), signer, sha256(b.memberBody(i)), i));
        }
        return members;
      }
      Signed<UsageRecord> signed = UsageRecord.open(envelope);
      UsageRecord r = signed.record();
      return List.of(
          new VerifiedUsage(
              r, signed.requireSignerWithFingerprint(r.hostId()), sha256(envelope.body()), 0));
    } catch (VerificationException e) {
      throw new InvalidUsageException(DeadLetterReason.BAD_SIGNATURE, e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new InvalidUsageException(
          DeadLetterReason.MALFORMED,
          (batch ? "not a usage batch: " : "not a usage record: ") + e.getMessage());
    }
  }

  /**
   * What a record claims to be, without verifying it: for keying and reporting dead letters by the
   * session they name. Never a basis for charging. Empty for a batch, which names many sessions.
   */
  public static java.util.Optional<UsageRecord> claimed(byte[] value) {
    try {
      return java.util.Optional.of(
          UsageRecord.fromCanonical(SignedEnvelope.fromJson(value).bodyValue()));
    } catch (IllegalArgumentException | NullPointerException e) {
      return java.util.Optional.empty();
    }
  }

  private static byte[] sha256(byte[] body) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(body);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JDK", e);
    }
  }
}
