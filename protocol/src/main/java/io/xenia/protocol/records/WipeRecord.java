package io.xenia.protocol.records;

import static java.util.Objects.requireNonNull;

import io.xenia.protocol.encoding.CanonicalObject;
import io.xenia.protocol.encoding.CanonicalValue;
import io.xenia.protocol.encoding.FieldReader;
import io.xenia.protocol.signing.RecordType;
import io.xenia.protocol.signing.Signed;
import io.xenia.protocol.signing.SignedEnvelope;
import java.time.Instant;

/**
 * A host's signed statement that a leased machine was wiped after the session: what the customer
 * gets at release, as evidence that nothing of theirs is left on the machine.
 *
 * <p>Wire type name {@code "wipe"}; signed by the host key whose fingerprint is {@code hostId}
 * (checked by {@link #open}).
 *
 * @param version record version, must be {@link #VERSION}
 * @param agreementId the agreement the session ran under
 * @param sessionId the session whose data was erased
 * @param hostId fingerprint of the host's Ed25519 key
 * @param machineId the host's identifier of the machine
 * @param method how it was erased, a slug like {@code "rootfs-discarded"} or {@code "disk-zeroed"}
 * @param bytesErased bytes overwritten or discarded, 0 … 2^53−1
 * @param completedAt when the machine was clean
 */
public record WipeRecord(
    int version,
    String agreementId,
    String sessionId,
    String hostId,
    String machineId,
    String method,
    long bytesErased,
    Instant completedAt) {

  /** The record version this code writes and reads. */
  public static final int VERSION = 1;

  /** Wire type name and codec, for {@link SignedEnvelope}. */
  public static final RecordType<WipeRecord> TYPE =
      new RecordType<>("wipe", WipeRecord::toCanonical, WipeRecord::fromCanonical);

  /** Validates every field. */
  public WipeRecord {
    RecordChecks.version(version, VERSION, "wipe record");
    RecordChecks.id(agreementId, "agreementId");
    RecordChecks.id(sessionId, "sessionId");
    RecordChecks.fingerprint(hostId, "hostId");
    RecordChecks.id(machineId, "machineId");
    RecordChecks.slug(method, "method");
    RecordChecks.quantity(bytesErased, "bytesErased");
    completedAt = RecordChecks.instant(completedAt, "completedAt");
  }

  /** The canonical object; members are named as the components. */
  public CanonicalValue toCanonical() {
    return CanonicalObject.builder()
        .put("version", version)
        .put("agreementId", agreementId)
        .put("sessionId", sessionId)
        .put("hostId", hostId)
        .put("machineId", machineId)
        .put("method", method)
        .put("bytesErased", bytesErased)
        .put("completedAt", completedAt)
        .build();
  }

  /**
   * Decodes and validates.
   *
   * @throws io.xenia.protocol.encoding.RecordFormatException naming the first bad field
   */
  public static WipeRecord fromCanonical(CanonicalValue value) {
    FieldReader r = FieldReader.of(value, "wipe");
    int version = r.version(VERSION);
    String agreementId = r.string("agreementId", v -> RecordChecks.id(v, "agreementId"));
    String sessionId = r.string("sessionId", v -> RecordChecks.id(v, "sessionId"));
    String hostId = r.string("hostId", v -> RecordChecks.fingerprint(v, "hostId"));
    String machineId = r.string("machineId", v -> RecordChecks.id(v, "machineId"));
    String method = r.string("method", v -> RecordChecks.slug(v, "method"));
    long bytesErased = r.integer("bytesErased", 0, RecordChecks.MAX);
    Instant completedAt = r.instant("completedAt");
    return r.build(
        () ->
            new WipeRecord(
                version,
                agreementId,
                sessionId,
                hostId,
                machineId,
                method,
                bytesErased,
                completedAt));
  }

  /**
   * Verifies a signed wipe record, including that the host it names signed it.
   *
   * @throws io.xenia.protocol.signing.VerificationException if it must not be trusted
   */
  public static Signed<WipeRecord> open(SignedEnvelope envelope) {
    requireNonNull(envelope, "envelope is null");
    Signed<WipeRecord> signed = envelope.open(TYPE);
    signed.requireSignerWithFingerprint(signed.record().hostId());
    return signed;
  }
}
