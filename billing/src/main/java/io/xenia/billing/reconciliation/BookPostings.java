package io.xenia.billing.reconciliation;

/**
 * What one journal entry (or a set of them) posts to the books billing's charges touch, in
 * micro-units: ring-fenced purchase-order money (negative when charged), host payable, platform
 * revenue, and anything posted to another book (never, for a charge).
 */
public record BookPostings(long ringFenced, long hostPayable, long platformRevenue, long other) {
  public static final BookPostings NONE = new BookPostings(0, 0, 0, 0);

  /** What a charge of {@code charged} with {@code fee} to the platform posts. */
  public static BookPostings ofCharge(long charged, long fee) {
    return new BookPostings(-charged, charged - fee, fee, 0);
  }

  public BookPostings plus(BookPostings o) {
    return new BookPostings(
        Math.addExact(ringFenced, o.ringFenced),
        Math.addExact(hostPayable, o.hostPayable),
        Math.addExact(platformRevenue, o.platformRevenue),
        Math.addExact(other, o.other));
  }
}
