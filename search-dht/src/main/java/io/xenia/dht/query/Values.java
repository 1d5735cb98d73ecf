package io.xenia.dht.query;

import java.util.Objects;

/**
 * Type checks and canonical rendering of values against their attribute. Java 17 has no pattern
 * switch, so the two cases of the sealed {@link Value} are told apart with {@code instanceof}; the
 * sealed hierarchy guarantees there is no third.
 */
final class Values {
  private Values() {}

  /** Throws if {@code value} is not of the type {@code attribute} holds. */
  static void check(Attribute attribute, Value value) {
    Objects.requireNonNull(value, "value");
    if (value instanceof Value.Num num) {
      if (!attribute.isNumeric()) {
        throw new IllegalArgumentException(attribute.id() + " takes words, not numbers");
      }
      if (attribute.isIntegral() && num.amount().scale() > 0) {
        throw new IllegalArgumentException(attribute.id() + " takes whole numbers");
      }
    } else if (attribute.isNumeric()) {
      throw new IllegalArgumentException(attribute.id() + " takes numbers, not words");
    }
  }

  /** The value as canonical query text for {@code attribute}. */
  static String render(Attribute attribute, Value value) {
    if (value instanceof Value.Num num) {
      return Units.render(num.amount(), attribute.units(), attribute.canonicalUnit());
    }
    return ((Value.Word) value).render();
  }
}
