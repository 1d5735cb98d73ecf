package io.xenia.billing.exports;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits what a purchase order paid of a usage record over the record's rated lines, for exports
 * that show each line's billed cost. Lines are paid in order, each in full while the money lasts:
 * an order that ran out part-way leaves the last lines (partly) unpaid, and their unpaid part is
 * the overrun. Exact: the parts always sum to {@code charged}. Pure.
 */
public final class ChargeAllocation {
  private ChargeAllocation() {}

  /**
   * @param charged what was paid, between 0 and the sum of {@code amounts}
   * @param amounts the lines' rated amounts, in payment order
   */
  public static List<Long> allocate(long charged, List<Long> amounts) {
    long total = 0;
    for (long a : amounts) {
      if (a < 0) {
        throw new IllegalArgumentException("a rated line is never negative: " + a);
      }
      total = Math.addExact(total, a);
    }
    if (charged < 0 || charged > total) {
      throw new IllegalArgumentException(
          "paid " + charged + " of lines worth " + total + ": not between 0 and their sum");
    }
    List<Long> parts = new ArrayList<>(amounts.size());
    long left = charged;
    for (long a : amounts) {
      long part = Math.min(a, left);
      parts.add(part);
      left -= part;
    }
    return parts;
  }
}
