package io.xenia.billing.charging;

import static java.util.Objects.requireNonNull;

import io.xenia.billing.usage.DeadLetterReason;
import io.xenia.billing.usage.InvalidUsageException;
import java.util.Optional;

/**
 * A record billing will not charge, and why.
 *
 * @param source the record as delivered
 * @param reason the stable reason
 * @param detail a sentence for people
 * @param sessionId the session the record claims, when it could be read
 * @param sequence the sequence it claims, when it could be read
 * @param sourceIndex which record of the Kafka record: 0 for a record alone or a whole batch, the
 *     member's index for a member of a batch
 */
public record DeadLetter(
    Delivered source,
    DeadLetterReason reason,
    String detail,
    Optional<String> sessionId,
    Optional<Long> sequence,
    int sourceIndex) {
  public DeadLetter(
      Delivered source,
      DeadLetterReason reason,
      String detail,
      Optional<String> sessionId,
      Optional<Long> sequence) {
    this(source, reason, detail, sessionId, sequence, 0);
  }

  public DeadLetter {
    requireNonNull(source, "source is null");
    requireNonNull(reason, "reason is null");
    requireNonNull(detail, "detail is null");
    requireNonNull(sessionId, "sessionId is null");
    requireNonNull(sequence, "sequence is null");
  }

  /** A record that could not be opened: keyed by what it claims, if it can be read at all. */
  public static DeadLetter unread(Delivered source, InvalidUsageException e) {
    var claimed = io.xenia.billing.usage.IncomingRecord.claimed(source.value());
    return new DeadLetter(
        source,
        e.reason(),
        e.detail(),
        claimed.map(r -> r.sessionId()),
        claimed.map(r -> r.sequence()));
  }

  public static DeadLetter of(
      Delivered source, InvalidUsageException e, String sessionId, long sequence) {
    return of(source, e, sessionId, sequence, 0);
  }

  /** A verified record not charged: member {@code sourceIndex} of its Kafka record. */
  public static DeadLetter of(
      Delivered source, InvalidUsageException e, String sessionId, long sequence, int sourceIndex) {
    return new DeadLetter(
        source, e.reason(), e.detail(), Optional.of(sessionId), Optional.of(sequence), sourceIndex);
  }
}
