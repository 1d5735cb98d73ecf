package io.xenia.protocol.records;

import static java.util.Objects.requireNonNull;

import io.xenia.protocol.encoding.CanonicalArray;
import io.xenia.protocol.encoding.CanonicalJson;
import io.xenia.protocol.encoding.CanonicalObject;
import io.xenia.protocol.encoding.CanonicalValue;
import io.xenia.protocol.encoding.FieldReader;
import io.xenia.protocol.encoding.RecordFormatException;
import io.xenia.protocol.signing.RecordType;
import io.xenia.protocol.signing.Signed;
import io.xenia.protocol.signing.SignedEnvelope;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Usage records of one host shipped together under one signature: a host meters all its machines on
 * the same tick, and one Ed25519 verification per batch instead of per record is what lets billing
 * keep up.
 *
 * <p>Wire type name {@code "usage-batch"}; signed by the host key whose fingerprint is {@code
 * hostId} (checked by {@link #open}). Each member is a usage record's canonical object exactly as
 * {@link UsageRecord#toCanonical} gives it, so a member's canonical bytes ({@link #memberBody}) are
 * the body the same record has when signed alone: billing hashes those bytes and recognises a
 * record replayed in the other form as the same record.
 *
 * @param version record version, must be {@link #VERSION}
 * @param hostId fingerprint of the host's Ed25519 key; every member names it
 * @param records the members, 1 … {@link #MAX_RECORDS}, no (sessionId, sequence) twice
 */
public record UsageBatch(int version, String hostId, List<UsageRecord> records) {

  /** The record version this code writes and reads. */
  public static final int VERSION = 1;

  /** The most members a batch may have. */
  public static final int MAX_RECORDS = 1000;

  /** Wire type name and codec, for {@link SignedEnvelope}. */
  public static final RecordType<UsageBatch> TYPE =
      new RecordType<>("usage-batch", UsageBatch::toCanonical, UsageBatch::fromCanonical);

  /** Validates the host, the number of members, their host and that no key repeats. */
  public UsageBatch {
    RecordChecks.version(version, VERSION, "usage batch");
    RecordChecks.fingerprint(hostId, "hostId");
    requireNonNull(records, "records is null");
    records = List.copyOf(records);
    if (records.isEmpty() || records.size() > MAX_RECORDS) {
      throw new IllegalArgumentException(
          "a usage batch has 1 to " + MAX_RECORDS + " records, not " + records.size());
    }
    Set<String> keys = new HashSet<>();
    for (int i = 0; i < records.size(); i++) {
      UsageRecord r = records.get(i);
      if (!hostId.equals(r.hostId())) {
        throw new IllegalArgumentException(
            "records[" + i + "] names host " + r.hostId() + ", the batch is host " + hostId);
      }
      if (!keys.add(r.sessionId() + "#" + r.sequence())) {
        throw new IllegalArgumentException(
            "records[" + i + "] repeats sequence " + r.sequence() + " of session " + r.sessionId());
      }
    }
  }

  /** A batch of the given records of one host (the host taken from the first). */
  public static UsageBatch of(List<UsageRecord> records) {
    requireNonNull(records, "records is null");
    if (records.isEmpty()) {
      throw new IllegalArgumentException("a usage batch has at least one record");
    }
    return new UsageBatch(VERSION, records.get(0).hostId(), records);
  }

  /** The canonical object: {@code records} is an array of the members' canonical objects. */
  public CanonicalValue toCanonical() {
    List<CanonicalValue> members = new ArrayList<>(records.size());
    for (UsageRecord r : records) {
      members.add(r.toCanonical());
    }
    return CanonicalObject.builder()
        .put("version", version)
        .put("hostId", hostId)
        .put("records", new CanonicalArray(members))
        .build();
  }

  /**
   * Decodes and validates, members included.
   *
   * @throws RecordFormatException naming the first bad field
   */
  public static UsageBatch fromCanonical(CanonicalValue value) {
    FieldReader r = FieldReader.of(value, "usage-batch");
    int version = r.version(VERSION);
    String hostId = r.string("hostId", v -> RecordChecks.fingerprint(v, "hostId"));
    List<CanonicalValue> members = r.array("records");
    if (members.isEmpty() || members.size() > MAX_RECORDS) {
      throw r.error("records", "must have 1 to " + MAX_RECORDS + " members, not " + members.size());
    }
    List<UsageRecord> records = new ArrayList<>(members.size());
    for (int i = 0; i < members.size(); i++) {
      UsageRecord record;
      try {
        record = UsageRecord.fromCanonical(members.get(i));
      } catch (RecordFormatException e) {
        throw new RecordFormatException(r.path("records[" + i + "]"), e.getMessage(), e);
      }
      // The member must be the record's one canonical object (e.g. no other spelling of an
      // instant), or its bytes would not be the body of the record signed alone.
      if (!members.get(i).equals(record.toCanonical())) {
        throw r.error("records[" + i + "]", "is not the usage record's canonical form");
      }
      records.add(record);
    }
    return r.build(() -> new UsageBatch(version, hostId, records));
  }

  /**
   * The canonical bytes of member {@code i}: exactly the body of that record signed alone, so its
   * hash identifies the record whichever form it travelled in.
   */
  public byte[] memberBody(int i) {
    return CanonicalJson.encode(records.get(i).toCanonical());
  }

  /**
   * Verifies a signed batch, including that the host it names signed it.
   *
   * @throws io.xenia.protocol.signing.VerificationException if it must not be trusted
   */
  public static Signed<UsageBatch> open(SignedEnvelope envelope) {
    requireNonNull(envelope, "envelope is null");
    Signed<UsageBatch> signed = envelope.open(TYPE);
    signed.requireSignerWithFingerprint(signed.record().hostId());
    return signed;
  }
}
