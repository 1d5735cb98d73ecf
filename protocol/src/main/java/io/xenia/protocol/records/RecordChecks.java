package io.xenia.protocol.records;

import static java.util.Objects.requireNonNull;

import io.xenia.protocol.encoding.CanonicalInstants;
import io.xenia.protocol.encoding.CanonicalInteger;
import io.xenia.protocol.money.Money;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Collections;
import java.util.Currency;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Field rules shared by the records. Constructors apply them, so an invalid record cannot exist and
 * {@code toCanonical()} cannot fail; {@code fromCanonical} reaches them through the constructors.
 */
final class RecordChecks {
  private static final AsciiSet ALNUM = AsciiSet.of("A-Za-z0-9");
  private static final AsciiSet ID_REST = AsciiSet.of("A-Za-z0-9._:-");
  private static final AsciiSet TOKEN_REST = AsciiSet.of("A-Za-z0-9._:/+@-");
  private static final AsciiSet HEX = AsciiSet.of("0-9a-f");
  private static final AsciiSet SLUG_CHARS = AsciiSet.of("a-z0-9-");
  private static final AsciiSet GEOHASH_CHARS = AsciiSet.of("0-9b-hjkmnp-z");

  /** Opaque identifiers: ASCII only, so that no two look-alike ids can differ invisibly. */
  private static final Predicate<String> ID = alnumThen(ID_REST);

  private static final Predicate<String> FINGERPRINT =
      v -> v.length() == 64 && HEX.containsAll(v, 0);

  /** Words of [a-z0-9] joined by single '-'. */
  private static final Predicate<String> SLUG =
      v ->
          !v.isEmpty()
              && SLUG_CHARS.containsAll(v, 0)
              && v.charAt(0) != '-'
              && v.charAt(v.length() - 1) != '-'
              && !v.contains("--");

  private static final Predicate<String> GEOHASH =
      v -> v.length() >= 1 && v.length() <= 12 && GEOHASH_CHARS.containsAll(v, 0);

  private static final Predicate<String> TOKEN = alnumThen(TOKEN_REST);

  private RecordChecks() {}

  /** 1-128 characters: a letter or digit, then characters of {@code rest}. */
  private static Predicate<String> alnumThen(AsciiSet rest) {
    return v ->
        v.length() >= 1
            && v.length() <= 128
            && ALNUM.contains(v.charAt(0))
            && rest.containsAll(v, 1);
  }

  static final long MAX = CanonicalInteger.MAX_SAFE;

  static int version(int version, int supported, String record) {
    if (version != supported) {
      throw new IllegalArgumentException(
          record + " version " + version + " is not supported; this code writes " + supported);
    }
    return version;
  }

  static String id(String value, String name) {
    return match(value, name, ID, "1-128 ASCII letters, digits, '.', '_', ':' or '-'");
  }

  static String fingerprint(String value, String name) {
    return match(value, name, FINGERPRINT, "64 lowercase hex digits (a public-key fingerprint)");
  }

  static String slug(String value, String name) {
    requireNonNull(value, name + " is null");
    if (value.length() > 64) {
      throw new IllegalArgumentException(name + " is longer than 64 characters");
    }
    return match(value, name, SLUG, "lowercase words of letters and digits joined by '-'");
  }

  static String geohash(String value, String name) {
    return match(value, name, GEOHASH, "1-12 geohash base32 characters");
  }

  static String token(String value, String name) {
    return match(value, name, TOKEN, "1-128 ASCII letters, digits or ._:/+@-");
  }

  /** Free text such as a GPU model: up to 128 characters, no control characters. */
  static String label(String value, String name) {
    requireNonNull(value, name + " is null");
    if (value.length() > 128) {
      throw new IllegalArgumentException(name + " is longer than 128 characters");
    }
    if (value.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException(name + " contains control characters");
    }
    return value;
  }

  /** An unmodifiable sorted copy, every element a {@link #token}. */
  static SortedSet<String> tokens(Collection<String> values, String name) {
    requireNonNull(values, name + " is null");
    TreeSet<String> copy = new TreeSet<>();
    for (String value : values) {
      copy.add(token(value, name + " element"));
    }
    return Collections.unmodifiableSortedSet(copy);
  }

  /** 0 .. 2^53-1, the range every signed integer must stay in to encode canonically. */
  static long quantity(long value, String name) {
    if (value < 0 || value > CanonicalInteger.MAX_SAFE) {
      throw new IllegalArgumentException(name + " must be in 0..2^53-1, not " + value);
    }
    return value;
  }

  static int count(int value, String name) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " must not be negative, not " + value);
    }
    return value;
  }

  /**
   * Normalizes to millisecond precision, the precision of the wire form, so that a record built
   * from {@code Instant.now()} equals its own decoding; refuses instants outside years 0001-9999.
   */
  static Instant instant(Instant value, String name) {
    requireNonNull(value, name + " is null");
    Instant millis = value.truncatedTo(ChronoUnit.MILLIS);
    if (millis.isBefore(CanonicalInstants.MIN) || millis.isAfter(CanonicalInstants.MAX)) {
      throw new IllegalArgumentException(name + " " + value + " is outside years 0001-9999");
    }
    return millis;
  }

  /** A non-negative amount in the given currency. */
  static Money price(Money value, Currency currency, String name) {
    requireNonNull(value, name + " is null");
    if (!value.currency().equals(currency)) {
      throw new IllegalArgumentException(
          name + " is in " + value.currency() + " but the price list is in " + currency);
    }
    if (value.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative, not " + value);
    }
    return value;
  }

  /**
   * Parses an amount that must be written exactly as {@link Money#amount()} writes it, so each
   * amount has one encoding ("1.5" is refused in favour of "1.50").
   */
  static Money canonicalAmount(Currency currency, String text) {
    Money money = Money.parse(currency, text);
    if (!money.amount().equals(text)) {
      throw new IllegalArgumentException(
          "amount \"" + text + "\" is not in canonical form \"" + money.amount() + "\"");
    }
    return money;
  }

  private static String match(String value, String name, Predicate<String> rule, String expected) {
    requireNonNull(value, name + " is null");
    if (!rule.test(value)) {
      throw new IllegalArgumentException(name + " \"" + value + "\" must be " + expected);
    }
    return value;
  }
}
