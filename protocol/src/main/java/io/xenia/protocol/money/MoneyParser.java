package io.xenia.protocol.money;

/** Parsing and formatting of plain decimal strings to and from micro-units, without floats. */
final class MoneyParser {

  private static final long MICROS_PER_UNIT = 1_000_000L;

  private MoneyParser() {}

  /**
   * Parses {@code '-'? digit+ ('.' digit{1,6})?} into micro-units.
   *
   * @throws MoneyFormatException describing the first problem found
   */
  static long parseMicros(String text) {
    int length = text.length();
    if (length == 0) {
      throw bad(text, "is empty");
    }
    int i = 0;
    boolean negative = text.charAt(0) == '-';
    if (negative) {
      i++;
    }
    // Accumulate as a negative number: the negative range of long is one larger, so this way
    // Long.MIN_VALUE micros parses and every other overflow is caught by the *Exact methods.
    long acc = 0L;
    int integerDigits = 0;
    while (i < length && isDigit(text.charAt(i))) {
      acc = accumulate(text, acc, text.charAt(i));
      integerDigits++;
      i++;
    }
    if (integerDigits == 0) {
      throw bad(text, "needs at least one digit before the decimal point");
    }
    int fractionDigits = 0;
    if (i < length && text.charAt(i) == '.') {
      i++;
      while (i < length && isDigit(text.charAt(i))) {
        if (fractionDigits == Money.SCALE) {
          throw bad(text, "has more than " + Money.SCALE + " fraction digits");
        }
        acc = accumulate(text, acc, text.charAt(i));
        fractionDigits++;
        i++;
      }
      if (fractionDigits == 0) {
        throw bad(text, "needs at least one digit after the decimal point");
      }
    }
    if (i < length) {
      throw bad(text, "has an unexpected character '" + text.charAt(i) + "' at index " + i);
    }
    for (int pad = fractionDigits; pad < Money.SCALE; pad++) {
      acc = scale(text, acc);
    }
    if (negative) {
      return acc;
    }
    if (acc == Long.MIN_VALUE) {
      throw bad(text, "does not fit in a 64-bit count of micro-units");
    }
    return -acc;
  }

  /**
   * Formats micro-units with at least {@code minFractionDigits} fraction digits and no trailing
   * zeros beyond them.
   */
  static String format(long micros, int minFractionDigits) {
    long perUnit = MICROS_PER_UNIT;
    // Division and remainder of Long.MIN_VALUE by 10^6 do not overflow, and their absolute values
    // fit, so no BigInteger is needed.
    long whole = Math.abs(micros / perUnit);
    long fraction = Math.abs(micros % perUnit);
    StringBuilder out = new StringBuilder(24);
    if (micros < 0) {
      out.append('-');
    }
    out.append(whole);
    String digits = Long.toString(fraction + perUnit).substring(1); // zero-padded to SCALE digits
    int keep = Money.SCALE;
    while (keep > minFractionDigits && digits.charAt(keep - 1) == '0') {
      keep--;
    }
    if (keep > 0) {
      out.append('.').append(digits, 0, keep);
    }
    return out.toString();
  }

  private static long accumulate(String text, long acc, char digit) {
    try {
      return Math.subtractExact(Math.multiplyExact(acc, 10L), digit - '0');
    } catch (ArithmeticException e) {
      throw bad(text, "does not fit in a 64-bit count of micro-units");
    }
  }

  private static long scale(String text, long acc) {
    try {
      return Math.multiplyExact(acc, 10L);
    } catch (ArithmeticException e) {
      throw bad(text, "does not fit in a 64-bit count of micro-units");
    }
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static MoneyFormatException bad(String text, String problem) {
    return new MoneyFormatException("amount \"" + text + "\" " + problem);
  }
}
