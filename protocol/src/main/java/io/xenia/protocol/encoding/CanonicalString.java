package io.xenia.protocol.encoding;

import static java.util.Objects.requireNonNull;

/**
 * A JSON string. Any Unicode text is allowed, including control characters, but it must be
 * well-formed UTF-16: a lone surrogate has no UTF-8 encoding, so it could not be signed portably.
 *
 * @param value the text
 */
public record CanonicalString(String value) implements CanonicalValue {

  /**
   * @throws IllegalArgumentException if the text contains an unpaired surrogate
   */
  public CanonicalString {
    requireNonNull(value, "value is null");
    int bad = firstUnpairedSurrogate(value);
    if (bad >= 0) {
      throw new IllegalArgumentException(
          String.format(
              "string has an unpaired surrogate U+%04X at index %d", (int) value.charAt(bad), bad));
    }
  }

  @Override
  public String kind() {
    return "string";
  }

  /** Index of the first unpaired surrogate, or -1 when the text is well-formed. */
  static int firstUnpairedSurrogate(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
        } else {
          return i;
        }
      } else if (Character.isLowSurrogate(c)) {
        return i;
      }
    }
    return -1;
  }
}
