package io.xenia.billing.reconciliation;

import java.util.UUID;

/**
 * Sequence numbers of a session with no charge, found below a record charged in the range: the
 * records numbered {@code after + 1} to {@code before - 1}. Some may have been refused (dead
 * letters claiming the session and sequence); the rest billing never received.
 *
 * @param after the session's charged sequence just below the gap (0: none, a host numbers from 1)
 * @param before the charged sequence just above it, rated in the range
 * @param refused how many of the missing sequences a dead letter claims
 */
public record SequenceGap(UUID session, String currency, long after, long before, long refused) {
  public long missing() {
    return before - after - 1;
  }

  /** Missing and not refused either: records the host numbered that billing never saw. */
  public long unexplained() {
    return missing() - refused;
  }
}
