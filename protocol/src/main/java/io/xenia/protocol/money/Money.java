package io.xenia.protocol.money;

import static java.util.Objects.requireNonNull;

import java.util.Currency;

/**
 * An exact amount of one currency, in micro-units (10^-6 of the major unit) — never floating point.
 *
 * <p>Six fraction digits are enough for every ISO 4217 currency (the largest minor unit has four
 * digits) and leave room for per-second metering of hourly prices. A {@code long} of micro-units
 * covers about ±9.2 trillion major units, far beyond any single lease; arithmetic that would exceed
 * it fails with {@link ArithmeticException} instead of wrapping.
 *
 * <p>Equality is exact: {@code EUR 1.50} equals {@code EUR 1.5} because both are 1 500 000 micros.
 * Amounts of different currencies are never combined or ordered: such operations throw {@link
 * CurrencyMismatchException}.
 *
 * @param currency the ISO 4217 currency, never null
 * @param micros the amount in 10^-6 of the currency's major unit; may be negative (refunds,
 *     credits)
 */
public record Money(Currency currency, long micros) implements Comparable<Money> {

  /** Number of fraction digits carried by {@link #micros()}. */
  public static final int SCALE = 6;

  /** Validates the currency. */
  public Money {
    requireNonNull(currency, "currency is null");
  }

  /** Zero of the given currency. */
  public static Money zero(Currency currency) {
    return new Money(currency, 0L);
  }

  /** The given number of micro-units of the given currency. */
  public static Money ofMicros(Currency currency, long micros) {
    return new Money(currency, micros);
  }

  /**
   * Parses a plain decimal like {@code "100.00"}, {@code "-3.5"} or {@code "0.000001"}.
   *
   * <p>Grammar: {@code '-'? digit+ ('.' digit{1,6})?}. There is no exponent, grouping, leading
   * {@code '+'} or whitespace, and both sides of the point must have digits ({@code ".5"} and
   * {@code "5."} are refused) so that a truncated string never parses as a different amount.
   * Leading zeros are accepted; {@code "-0"} is zero.
   *
   * @throws MoneyFormatException if the text does not match the grammar, has more than six fraction
   *     digits, or does not fit in a {@code long} of micro-units
   * @throws NullPointerException if an argument is null
   */
  public static Money parse(Currency currency, String decimal) {
    requireNonNull(currency, "currency is null");
    requireNonNull(decimal, "decimal is null");
    return new Money(currency, MoneyParser.parseMicros(decimal));
  }

  /**
   * Like {@link #parse(Currency, String)}, with the currency given as an ISO 4217 code such as
   * {@code "EUR"}.
   *
   * @throws MoneyFormatException if the code is not a known ISO 4217 code, or the decimal is bad
   * @throws NullPointerException if an argument is null
   */
  public static Money parse(String currencyCode, String decimal) {
    requireNonNull(currencyCode, "currencyCode is null");
    requireNonNull(decimal, "decimal is null");
    return parse(currencyOf(currencyCode), decimal);
  }

  /**
   * The sum.
   *
   * @throws CurrencyMismatchException on mixed currencies
   * @throws ArithmeticException if the result does not fit in a {@code long} of micro-units
   */
  public Money plus(Money other) {
    requireSameCurrency(other);
    return new Money(currency, Math.addExact(micros, other.micros));
  }

  /**
   * The difference {@code this - other}.
   *
   * @throws CurrencyMismatchException on mixed currencies
   * @throws ArithmeticException if the result does not fit in a {@code long} of micro-units
   */
  public Money minus(Money other) {
    requireSameCurrency(other);
    return new Money(currency, Math.subtractExact(micros, other.micros));
  }

  /**
   * The amount with the opposite sign.
   *
   * @throws ArithmeticException for {@code Long.MIN_VALUE} micros, whose negation does not fit
   */
  public Money negate() {
    return new Money(currency, Math.negateExact(micros));
  }

  /** -1, 0 or 1 as the amount is negative, zero or positive. */
  public int signum() {
    return Long.signum(micros);
  }

  /** True for an amount of exactly zero. */
  public boolean isZero() {
    return micros == 0L;
  }

  /** True for an amount below zero. */
  public boolean isNegative() {
    return micros < 0L;
  }

  /** True for an amount above zero. */
  public boolean isPositive() {
    return micros > 0L;
  }

  /**
   * True when the amount is a whole number of the currency's ISO minor units (EUR: cents; JPY:
   * yen), i.e. it could be paid out by a bank without rounding.
   */
  public boolean isWholeMinorUnits() {
    return micros % microsPerMinorUnit(currency) == 0L;
  }

  /**
   * Plain decimal string with at least the currency's default fraction digits, and trailing zeros
   * beyond them stripped: EUR 40 is {@code "40.00"}, EUR 0.000222 is {@code "0.000222"}, JPY 5 is
   * {@code "5"}, EUR -1.5 is {@code "-1.50"}. {@link #parse(Currency, String)} reads it back to an
   * equal value. This is the form used on the wire.
   */
  public String amount() {
    return MoneyParser.format(micros, fractionDigits(currency));
  }

  /**
   * Orders by amount.
   *
   * @throws CurrencyMismatchException on mixed currencies, which have no meaningful order
   */
  @Override
  public int compareTo(Money other) {
    requireSameCurrency(other);
    return Long.compare(micros, other.micros);
  }

  /** The amount and the ISO code, like {@code "40.00 EUR"}. */
  @Override
  public String toString() {
    return amount() + " " + currency.getCurrencyCode();
  }

  /**
   * The currency's ISO 4217 minor-unit digits, capped to {@link #SCALE}; currencies without minor
   * units (JPY) and pseudo-currencies without a defined one (XAU: -1) give 0.
   */
  static int fractionDigits(Currency currency) {
    return Math.min(SCALE, Math.max(0, currency.getDefaultFractionDigits()));
  }

  private static long microsPerMinorUnit(Currency currency) {
    long result = 1L;
    for (int i = fractionDigits(currency); i < SCALE; i++) {
      result *= 10L;
    }
    return result;
  }

  private static Currency currencyOf(String code) {
    try {
      return Currency.getInstance(code);
    } catch (IllegalArgumentException e) {
      throw new MoneyFormatException("unknown ISO 4217 currency code: \"" + code + "\"", e);
    }
  }

  private void requireSameCurrency(Money other) {
    requireNonNull(other, "other is null");
    if (!currency.equals(other.currency)) {
      throw new CurrencyMismatchException(currency, other.currency);
    }
  }
}
