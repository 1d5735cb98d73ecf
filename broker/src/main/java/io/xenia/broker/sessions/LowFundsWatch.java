package io.xenia.broker.sessions;

import io.xenia.broker.orders.LowFunds;
import io.xenia.broker.persistence.Database;
import io.xenia.broker.webhooks.Outbox;
import io.xenia.broker.webhooks.WebhookEvent;
import io.xenia.protocol.encoding.CanonicalObject;
import io.xenia.protocol.money.Money;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.Currency;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Notifies customers whose purchase orders run low ({@code order.low-funds}): an open order whose
 * free money (ring-fenced balance less what sessions hold: neither spent nor held) is below its
 * threshold ({@link LowFunds}) gets one webhook per fall — {@code low_funds_notified_at} is set in
 * the same transaction as the outbox row, under the order's lock, and cleared once the order is
 * above its threshold again (a raised limit clears it at once). Part of the funds sweep ({@link
 * LeaseExpiry}).
 */
@Singleton
final class LowFundsWatch {
  // Free money of an order, as everywhere: ring-fenced balance less what sessions hold.
  private static final String FREE =
      "(coalesce((SELECT balance_micros FROM ledger_account WHERE book = 'customer-ring-fenced'"
          + " AND purchase_order_id = o.id), 0) - coalesce((SELECT sum(reserved_micros) FROM"
          + " session WHERE purchase_order_id = o.id AND reserved_micros > 0), 0))";
  private static final String THRESHOLD =
      "coalesce(o.low_funds_threshold_micros, o.limit_micros / "
          + (100 / LowFunds.DEFAULT_PERCENT)
          + ")";

  private final Database database;
  private final Clock clock;

  LowFundsWatch(Database database, Clock clock) {
    this.database = database;
    this.clock = clock;
  }

  /**
   * One pass: re-arms orders above their threshold, notifies those below it.
   *
   * @return how many orders were notified
   */
  CompletableFuture<Integer> sweep() {
    return database
        .inTransaction(
            s ->
                s.createNativeQuery(
                        "UPDATE purchase_order o SET low_funds_notified_at = NULL"
                            + " WHERE o.low_funds_notified_at IS NOT NULL AND "
                            + FREE
                            + " >= "
                            + THRESHOLD)
                    .executeUpdate())
        .thenCompose(
            rearmed ->
                database.read(
                    s ->
                        s.createNativeQuery(
                                "SELECT o.id FROM purchase_order o WHERE o.status = 'open'"
                                    + " AND o.low_funds_notified_at IS NULL AND "
                                    + FREE
                                    + " < "
                                    + THRESHOLD
                                    + " ORDER BY o.id LIMIT 500",
                                UUID.class)
                            .getResultList()))
        .thenCompose(
            ids -> {
              CompletableFuture<Integer> all = CompletableFuture.completedFuture(0);
              for (UUID id : ids) {
                all = all.thenCompose(n -> notifyOne(id).thenApply(done -> done ? n + 1 : n));
              }
              return all;
            });
  }

  private CompletableFuture<Boolean> notifyOne(UUID order) {
    Instant now = clock.instant();
    return database.inTransaction(
        s ->
            s.createNativeQuery(
                    "SELECT o.account_id, o.currency, o.limit_micros, "
                        + THRESHOLD
                        + ", "
                        + FREE
                        + " FROM purchase_order o WHERE o.id = :id AND o.status = 'open'"
                        + " AND o.low_funds_notified_at IS NULL FOR UPDATE",
                    Object[].class)
                .setParameter("id", order)
                .getResultList()
                .thenCompose(
                    rows -> {
                      if (rows.isEmpty()) {
                        return CompletableFuture.completedFuture(false);
                      }
                      Object[] r = rows.get(0);
                      Currency c = Currency.getInstance(((String) r[1]).trim());
                      Money limit = Money.ofMicros(c, ((Number) r[2]).longValue());
                      Money threshold = Money.ofMicros(c, ((Number) r[3]).longValue());
                      Money free = Money.ofMicros(c, Math.max(0, ((Number) r[4]).longValue()));
                      if (!LowFunds.isLow(free, threshold)) {
                        return CompletableFuture.completedFuture(false);
                      }
                      return s.createNativeQuery(
                              "UPDATE purchase_order SET low_funds_notified_at = :now WHERE id = :id")
                          .setParameter("now", now)
                          .setParameter("id", order)
                          .executeUpdate()
                          .thenCompose(
                              n ->
                                  Outbox.enqueue(
                                      s,
                                      (UUID) r[0],
                                      WebhookEvent.ORDER_LOW_FUNDS,
                                      CanonicalObject.builder()
                                          .put("purchaseOrderId", order.toString())
                                          .put("currency", c.getCurrencyCode())
                                          .put("limit", limit.amount())
                                          .put("free", free.amount())
                                          .put("threshold", threshold.amount())
                                          .build(),
                                      now))
                          .thenApply(v -> true);
                    }));
  }
}
