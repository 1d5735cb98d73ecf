package io.xenia.protocol.encoding;

/**
 * A JSON integer in the range ±(2^53 − 1).
 *
 * <p>RFC 8785 serializes numbers as IEEE-754 doubles, which represent every integer exactly only up
 * to 2^53. Limiting integers to that range makes Xenia's output byte-identical to any JCS
 * implementation, including JavaScript's. Larger quantities, if ever needed, must be strings.
 *
 * @param value the integer
 */
public record CanonicalInteger(long value) implements CanonicalValue {
  /** Largest allowed magnitude, 2^53 − 1 (JavaScript's {@code Number.MAX_SAFE_INTEGER}). */
  public static final long MAX_SAFE = (1L << 53) - 1;

  /**
   * @throws IllegalArgumentException if the magnitude exceeds {@link #MAX_SAFE}
   */
  public CanonicalInteger {
    if (value > MAX_SAFE || value < -MAX_SAFE) {
      throw new IllegalArgumentException(
          "integer " + value + " is outside the canonical range ±(2^53 - 1)");
    }
  }

  @Override
  public String kind() {
    return "integer";
  }
}
