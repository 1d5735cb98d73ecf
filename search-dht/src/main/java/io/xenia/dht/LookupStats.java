package io.xenia.dht;

/**
 * What one DHT call cost: the figures TomP2P reports with each future.
 *
 * @param rounds the longest chain of responses the lookup followed (hops); 0 if no lookup ran
 * @param messages requests sent (retries included) plus responses received
 * @param contacted distinct nodes a request was sent to
 * @param failed contacted nodes that never answered
 * @param durationNanos from the call to its completion
 */
public record LookupStats(int rounds, int messages, int contacted, int failed, long durationNanos) {
  /** The figures of a call that sent nothing. */
  public static final LookupStats NONE = new LookupStats(0, 0, 0, 0, 0);

  /** The sum of two calls' figures, rounds and durations of sequential phases added. */
  public LookupStats plus(LookupStats other) {
    return new LookupStats(
        rounds + other.rounds,
        messages + other.messages,
        contacted + other.contacted,
        failed + other.failed,
        durationNanos + other.durationNanos);
  }
}
