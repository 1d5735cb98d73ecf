package io.xenia.billing.store;

import io.vertx.sqlclient.Tuple;
import io.xenia.billing.api.Ids;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The one {@code purchase-order-charge} journal entry of a charging transaction in one currency,
 * built up charge by charge: a line per ledger account it touches, each the sum of the
 * transaction's postings to it (−charged to each order's ring-fenced account, +host share to each
 * operator's host-payable, +fee to platform revenue).
 *
 * <p>Why one entry per transaction rather than one per purchase order: with many orders (a
 * marketplace's usual shape: a customer, an order) an entry per order cost a header row and three
 * lines per order charged, about 80 µs of PostgreSQL's time per usage record. Each order still has
 * its own line, so what a customer was charged is still on its order's ring-fenced account; the
 * entry's header names the customer and order only when it has one of each (docs/billing.md).
 */
final class ChargeEntry {
  private final UUID id = Ids.newId();
  private final String currency;
  private final TreeSet<UUID> customers = new TreeSet<>();
  private final TreeSet<UUID> orders = new TreeSet<>();
  private final TreeMap<UUID, Long> lines = new TreeMap<>();

  ChargeEntry(String currency) {
    this.currency = currency;
  }

  UUID id() {
    return id;
  }

  /** One charge: {@code charged} leaves the order's ring-fenced account for the credits. */
  void charge(
      UUID customer,
      UUID order,
      UUID ringFenced,
      long charged,
      UUID hostPayable,
      long hostShare,
      UUID platformRevenue,
      long fee) {
    customers.add(customer);
    orders.add(order);
    post(ringFenced, -charged);
    if (hostShare > 0) {
      post(hostPayable, hostShare);
    }
    if (fee > 0) {
      post(platformRevenue, fee);
    }
  }

  private void post(UUID account, long micros) {
    lines.merge(account, micros, Long::sum);
  }

  /** The header row, as {@code JournalWriter.insertEntries} takes it. */
  Tuple header(UUID createdBy, OffsetDateTime at) {
    return Tuple.of(
        id,
        "purchase-order-charge",
        currency,
        customers.size() == 1 ? customers.first() : null,
        orders.size() == 1 ? orders.first() : null,
        "usage charges",
        createdBy,
        at);
  }

  /** Its lines, as {@code JournalWriter.insertLines} takes them, in ledger account order. */
  void addLines(List<Tuple> out) {
    for (Map.Entry<UUID, Long> line : lines.entrySet()) {
      out.add(Tuple.of(Ids.newId(), id, line.getKey(), line.getValue()));
    }
  }
}
