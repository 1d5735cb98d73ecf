package io.xenia.dht.query;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Reads an offer's attribute values for evaluation. Numbers must be exact types in the attribute's
 * canonical unit: a {@code double} is refused rather than converted, because a filter that rounds
 * would disagree with the query at exactly the bounds users write ({@code price<=0.80}).
 */
final class Candidates {
  private Candidates() {}

  /** The candidate's value as an exact decimal; throws if it is not an exact number. */
  static BigDecimal number(Attribute attribute, Object value) {
    if (value instanceof BigDecimal decimal) {
      return decimal;
    }
    if (value instanceof BigInteger integer) {
      return new BigDecimal(integer);
    }
    if (value instanceof Long
        || value instanceof Integer
        || value instanceof Short
        || value instanceof Byte) {
      return BigDecimal.valueOf(((Number) value).longValue());
    }
    throw new IllegalArgumentException(
        attribute.id()
            + " must be an exact number (int, long, BigInteger or BigDecimal), got "
            + value.getClass().getSimpleName());
  }

  /** The candidate's value as a word; throws if it is not a string. */
  static String word(Attribute attribute, Object value) {
    if (value instanceof String text) {
      return text;
    }
    throw new IllegalArgumentException(
        attribute.id() + " must be a String, got " + value.getClass().getSimpleName());
  }

  /**
   * Zero if the candidate's value equals {@code bound}; otherwise, for numbers, the sign of the
   * difference and, for words, 1 (words are only tested for equality).
   */
  static int compare(Attribute attribute, Object value, Value bound) {
    if (bound instanceof Value.Num num) {
      return number(attribute, value).compareTo(num.amount());
    }
    return word(attribute, value).equals(((Value.Word) bound).text()) ? 0 : 1;
  }
}
