package io.xenia.protocol.records;

import static java.util.Objects.requireNonNull;

import io.xenia.protocol.encoding.CanonicalObject;
import io.xenia.protocol.encoding.CanonicalValue;
import io.xenia.protocol.encoding.FieldReader;
import io.xenia.protocol.money.Money;
import java.util.Collections;
import java.util.Currency;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What leasing a machine costs, all in one currency.
 *
 * @param currency the ISO 4217 currency of every price
 * @param perHour the price of the whole machine per hour, ≥ 0
 * @param perUnit optional metered prices per unit of use, keyed by unit slug like {@code
 *     "egress-gib"} (price per GiB of network egress); each ≥ 0; empty if nothing is metered
 */
public record PriceList(Currency currency, Money perHour, SortedMap<String, Money> perUnit) {

  /** Validates currencies, signs and unit names; stores an unmodifiable sorted copy of the map. */
  public PriceList {
    requireNonNull(currency, "currency is null");
    RecordChecks.price(perHour, currency, "perHour");
    requireNonNull(perUnit, "perUnit is null");
    TreeMap<String, Money> copy = new TreeMap<>();
    for (Map.Entry<String, Money> e : perUnit.entrySet()) {
      String unit = RecordChecks.slug(e.getKey(), "perUnit key");
      copy.put(unit, RecordChecks.price(e.getValue(), currency, "perUnit[" + unit + "]"));
    }
    perUnit = Collections.unmodifiableSortedMap(copy);
  }

  /** A price list with only an hourly price; the currency is the price's. */
  public static PriceList hourly(Money perHour) {
    requireNonNull(perHour, "perHour is null");
    return new PriceList(perHour.currency(), perHour, new TreeMap<>());
  }

  /**
   * {@code {"currency":"EUR","perHour":"40.00","perUnit":{"egress-gib":"0.05"}}}: amounts are
   * decimal strings in {@link Money#amount()} form; {@code perUnit} is always present, possibly
   * empty, so that "no metered prices" has one encoding.
   */
  public CanonicalValue toCanonical() {
    CanonicalObject.Builder units = CanonicalObject.builder();
    perUnit.forEach((unit, price) -> units.put(unit, price.amount()));
    return CanonicalObject.builder()
        .put("currency", currency.getCurrencyCode())
        .put("perHour", perHour.amount())
        .put("perUnit", units.build())
        .build();
  }

  /** Decodes and validates; see {@link #toCanonical()}. */
  public static PriceList fromCanonical(CanonicalValue value) {
    return read(FieldReader.of(value, "prices"));
  }

  static PriceList read(FieldReader r) {
    Currency currency = r.string("currency", PriceList::currency);
    Money perHour = r.string("perHour", s -> RecordChecks.canonicalAmount(currency, s));
    FieldReader units = r.object("perUnit");
    TreeMap<String, Money> perUnit = new TreeMap<>();
    for (String unit : units.keys()) {
      try {
        RecordChecks.slug(unit, "unit");
      } catch (IllegalArgumentException e) {
        throw units.error(unit, e.getMessage());
      }
      perUnit.put(unit, units.string(unit, s -> RecordChecks.canonicalAmount(currency, s)));
    }
    units.finish();
    return r.build(() -> new PriceList(currency, perHour, perUnit));
  }

  private static Currency currency(String code) {
    if (!code.matches("[A-Z]{3}")) {
      throw new IllegalArgumentException("\"" + code + "\" is not an ISO 4217 currency code");
    }
    try {
      return Currency.getInstance(code);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown ISO 4217 currency code \"" + code + "\"", e);
    }
  }
}
