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
 * A host's signed measurement of one session's use over one interval, the input to billing.
 *
 * <p>Wire type name {@code "usage"}; signed by the host key whose fingerprint is {@code hostId}
 * (checked by {@link #open}). Records of a session are numbered from 1 without gaps, and their
 * intervals should tile the session; checking that is billing's job, across records.
 *
 * @param version record version, must be {@link #VERSION}
 * @param sessionId the lease session measured
 * @param agreementId the agreement under which it runs
 * @param hostId fingerprint of the host's Ed25519 key
 * @param sequence per-session number, from 1
 * @param intervalStart start of the measured interval, inclusive
 * @param intervalEnd end of the measured interval, exclusive; after the start
 * @param quantities what was used in the interval
 * @param issuedAt when the host issued the record; not before {@code intervalEnd}
 */
public record UsageRecord(
    int version,
    String sessionId,
    String agreementId,
    String hostId,
    long sequence,
    Instant intervalStart,
    Instant intervalEnd,
    UsageQuantities quantities,
    Instant issuedAt) {

  /** The record version this code writes and reads. */
  public static final int VERSION = 1;

  /** Wire type name and codec, for {@link SignedEnvelope}. */
  public static final RecordType<UsageRecord> TYPE =
      new RecordType<>("usage", UsageRecord::toCanonical, UsageRecord::fromCanonical);

  /** Validates every field and the order of the instants. */
  public UsageRecord {
    RecordChecks.version(version, VERSION, "usage record");
    RecordChecks.id(sessionId, "sessionId");
    RecordChecks.id(agreementId, "agreementId");
    RecordChecks.fingerprint(hostId, "hostId");
    if (sequence < 1) {
      throw new IllegalArgumentException("sequence starts at 1, not " + sequence);
    }
    RecordChecks.quantity(sequence, "sequence");
    intervalStart = RecordChecks.instant(intervalStart, "intervalStart");
    intervalEnd = RecordChecks.instant(intervalEnd, "intervalEnd");
    requireNonNull(quantities, "quantities is null");
    issuedAt = RecordChecks.instant(issuedAt, "issuedAt");
    if (!intervalEnd.isAfter(intervalStart)) {
      throw new IllegalArgumentException(
          "intervalEnd " + intervalEnd + " must be after intervalStart " + intervalStart);
    }
    if (issuedAt.isBefore(intervalEnd)) {
      throw new IllegalArgumentException(
          "issuedAt " + issuedAt + " is before the end of the interval " + intervalEnd);
    }
  }

  /** The canonical object; members are named as the components. */
  public CanonicalValue toCanonical() {
    return CanonicalObject.builder()
        .put("version", version)
        .put("sessionId", sessionId)
        .put("agreementId", agreementId)
        .put("hostId", hostId)
        .put("sequence", sequence)
        .put("intervalStart", intervalStart)
        .put("intervalEnd", intervalEnd)
        .put("quantities", quantities.toCanonical())
        .put("issuedAt", issuedAt)
        .build();
  }

  /**
   * Decodes and validates.
   *
   * @throws io.xenia.protocol.encoding.RecordFormatException naming the first bad field
   */
  public static UsageRecord fromCanonical(CanonicalValue value) {
    FieldReader r = FieldReader.of(value, "usage");
    int version = r.version(VERSION);
    String sessionId = r.string("sessionId", v -> RecordChecks.id(v, "sessionId"));
    String agreementId = r.string("agreementId", v -> RecordChecks.id(v, "agreementId"));
    String hostId = r.string("hostId", v -> RecordChecks.fingerprint(v, "hostId"));
    long sequence = r.integer("sequence", 1, RecordChecks.MAX);
    Instant start = r.instant("intervalStart");
    Instant end = r.instant("intervalEnd");
    UsageQuantities quantities = UsageQuantities.read(r.object("quantities"));
    Instant issuedAt = r.instant("issuedAt");
    return r.build(
        () ->
            new UsageRecord(
                version,
                sessionId,
                agreementId,
                hostId,
                sequence,
                start,
                end,
                quantities,
                issuedAt));
  }

  /**
   * Verifies a signed usage record, including that the host it names signed it.
   *
   * @throws io.xenia.protocol.signing.VerificationException if it must not be trusted
   */
  public static Signed<UsageRecord> open(SignedEnvelope envelope) {
    requireNonNull(envelope, "envelope is null");
    Signed<UsageRecord> signed = envelope.open(TYPE);
    signed.requireSignerWithFingerprint(signed.record().hostId());
    return signed;
  }
}
