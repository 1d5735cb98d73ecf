package io.xenia.protocol.encoding;

/**
 * A JSON boolean.
 *
 * @param value the truth value
 */
public record CanonicalBoolean(boolean value) implements CanonicalValue {
  /** {@code true}. */
  public static final CanonicalBoolean TRUE = new CanonicalBoolean(true);

  /** {@code false}. */
  public static final CanonicalBoolean FALSE = new CanonicalBoolean(false);

  /** The shared instance for the given truth value. */
  public static CanonicalBoolean of(boolean value) {
    return value ? TRUE : FALSE;
  }

  @Override
  public String kind() {
    return "boolean";
  }
}
