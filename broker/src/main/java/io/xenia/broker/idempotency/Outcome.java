package io.xenia.broker.idempotency;

/**
 * The result of an idempotent operation, and whether it is the stored result of an earlier request.
 */
public record Outcome<T>(T value, boolean replayed) {
  /** Response header set on replays. */
  public static final String REPLAYED_HEADER = "Idempotent-Replayed";
}
