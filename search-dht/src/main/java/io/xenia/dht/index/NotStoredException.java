package io.xenia.dht.index;

/**
 * A publish or withdrawal whose entries did not reach enough of their holders (more than half of
 * each entry's k closest nodes): holders that never answered, typically. Nothing about the ad was
 * wrong; retrying later may succeed. Some holders may keep what they did accept until it expires or
 * is replaced.
 */
public final class NotStoredException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public NotStoredException(String message) {
    super(message);
  }
}
