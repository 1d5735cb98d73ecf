package io.xenia.billing.exports;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits what a purchase order paid of a usage record over the record's rated lines, for exports
 * that show each line's billed cost: in proportion to each line's rated amount, rounded down, the
 * rest on the largest line (the first of equals): the rule invoices use, so an export and an
 * invoice show the same split. Exact: the parts always sum to {@code charged}. Pure.
 */
public final class ChargeAllocation {
  private ChargeAllocation() {}

  /**
   * @param charged what was paid, between 0 and the sum of {@code amounts}
   * @param amounts the lines' rated amounts, ordered by component name (ties go to the first)
   */
  public static List<Long> allocate(long charged, List<Long> amounts) {
    long total = 0;
    int largest = -1;
    for (int i = 0; i < amounts.size(); i++) {
      long a = amounts.get(i);
      if (a < 0) {
        throw new IllegalArgumentException("a rated line is never negative: " + a);
      }
      total = Math.addExact(total, a);
      if (largest < 0 || a > amounts.get(largest)) {
        largest = i;
      }
    }
    if (charged < 0 || charged > total) {
      throw new IllegalArgumentException(
          "paid " + charged + " of lines worth " + total + ": not between 0 and their sum");
    }
    List<Long> parts = new ArrayList<>(amounts.size());
    long given = 0;
    for (long a : amounts) {
      long part =
          total == 0
              ? 0
              : BigInteger.valueOf(charged)
                  .multiply(BigInteger.valueOf(a))
                  .divide(BigInteger.valueOf(total))
                  .longValueExact();
      parts.add(part);
      given += part;
    }
    if (largest >= 0) {
      parts.set(largest, parts.get(largest) + (charged - given));
    }
    return parts;
  }
}
