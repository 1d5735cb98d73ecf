package io.xenia.dht.query;

/**
 * One condition of a {@link Query}. An offer that lacks the attribute fails every predicate on it,
 * including {@code !=}: an offer that does not state its region has not promised to be outside
 * {@code us-east-1}.
 */
public sealed interface Predicate permits Compare, OneOf, Matches {
  /** The attribute the predicate constrains. */
  Attribute attribute();

  /**
   * Evaluates the predicate on an offer's value for {@link #attribute()}.
   *
   * @param value the offer's value, non-null: a {@code String} for word attributes, an exact number
   *     ({@code Integer}, {@code Long}, {@code BigInteger}, {@code BigDecimal}) in the attribute's
   *     canonical unit for numeric ones
   * @throws IllegalArgumentException if the value has the wrong type
   */
  boolean accepts(Object value);

  /** The predicate in canonical query syntax. */
  @Override
  String toString();
}
