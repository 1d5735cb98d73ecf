package io.xenia.billing.charging;

import static java.util.Objects.requireNonNull;

import io.xenia.billing.rating.Rating;
import io.xenia.protocol.records.UsageRecord;
import java.util.UUID;

/**
 * A verified usage record with its session and what it is worth: ready to be charged.
 *
 * @param source where it came from
 * @param record the host's record
 * @param sha256 hash of the record's signed body: tells a replay from a reused sequence
 * @param session the session's facts
 * @param rating the record rated with the agreement it names
 * @param sourceIndex where the record was in its Kafka record: 0 alone, its index in a batch
 */
public record RatedRecord(
    Delivered source,
    UsageRecord record,
    byte[] sha256,
    SessionFacts session,
    Rating rating,
    int sourceIndex) {
  /** A record that came alone in its Kafka record. */
  public RatedRecord(
      Delivered source, UsageRecord record, byte[] sha256, SessionFacts session, Rating rating) {
    this(source, record, sha256, session, rating, 0);
  }

  public RatedRecord {
    requireNonNull(source, "source is null");
    requireNonNull(record, "record is null");
    requireNonNull(sha256, "sha256 is null");
    requireNonNull(session, "session is null");
    requireNonNull(rating, "rating is null");
  }

  public ChargeKey key() {
    return new ChargeKey(session.sessionId(), record.sequence());
  }

  /** The exactly-once key of a usage record: its session and sequence number. */
  public record ChargeKey(UUID session, long sequence) {}
}
