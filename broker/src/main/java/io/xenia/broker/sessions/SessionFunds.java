package io.xenia.broker.sessions;

import io.xenia.broker.access.Caller;
import io.xenia.broker.problems.ProblemType;
import io.xenia.broker.problems.XeniaException;
import io.xenia.protocol.money.Money;
import java.time.Instant;
import java.util.Currency;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import org.hibernate.reactive.stage.Stage;

/**
 * The funds rule of sessions: a purchase order's live sessions together never hold more than the
 * order has ring-fenced. Checked under the order's row lock (the first lock of the ledger's lock
 * order, docs/architecture.md), so two requests against one order cannot both take the same money.
 */
final class SessionFunds {
  private SessionFunds() {}

  /** An open order's terms and what it can still commit to new sessions. */
  record OrderFunds(UUID id, UUID accountId, Currency currency, Instant expiresAt, Money free) {
    /** Refuses ({@code insufficient-funds}) unless {@code needed} fits. */
    void require(Money needed) {
      if (free.compareTo(needed) < 0) {
        throw new XeniaException(
                ProblemType.INSUFFICIENT_FUNDS,
                "the session needs "
                    + needed
                    + " held on purchase order "
                    + id
                    + ", which has "
                    + free
                    + " not yet held by live sessions")
            .with("requested", needed.amount())
            .with("available", free.amount())
            .with("currency", currency.getCurrencyCode());
      }
    }
  }

  /**
   * Locks the order (for the rest of the transaction) and reads what is free on it; refuses an
   * order of another account ({@code not-found}), a closed or expired one.
   */
  static CompletionStage<OrderFunds> lock(
      Stage.Session session, Caller caller, UUID orderId, Instant now) {
    return session
        .createNativeQuery(
            "SELECT account_id, currency, status, expires_at FROM purchase_order"
                + " WHERE id = :id FOR UPDATE",
            Object[].class)
        .setParameter("id", orderId)
        .getResultList()
        .thenCompose(
            rows -> {
              if (rows.isEmpty()) {
                throw XeniaException.notFound("purchase order " + orderId);
              }
              Object[] row = rows.get(0);
              UUID account = (UUID) row[0];
              caller.requireAccessTo(account, "purchase order " + orderId);
              Currency currency = Currency.getInstance(((String) row[1]).trim());
              Instant expiresAt = toInstant(row[3]);
              if (!"open".equals(row[2]) || !expiresAt.isAfter(now)) {
                throw new XeniaException(
                        ProblemType.PURCHASE_ORDER_NOT_OPEN,
                        "purchase order "
                            + orderId
                            + " is "
                            + ("open".equals(row[2]) ? "expired" : row[2]))
                    .with("status", row[2]);
              }
              return session
                  .createNativeQuery(
                      "SELECT coalesce((SELECT balance_micros FROM ledger_account"
                          + " WHERE book = 'customer-ring-fenced' AND purchase_order_id = :id), 0),"
                          + " coalesce((SELECT sum(reserved_micros) FROM session"
                          + " WHERE purchase_order_id = :id AND reserved_micros > 0), 0)",
                      Object[].class)
                  .setParameter("id", orderId)
                  .getSingleResult()
                  .thenApply(
                      sums -> {
                        long held = ((Number) sums[0]).longValue();
                        long reserved = ((Number) sums[1]).longValue();
                        return new OrderFunds(
                            orderId,
                            account,
                            currency,
                            expiresAt,
                            Money.ofMicros(currency, Math.max(0, held - reserved)));
                      });
            });
  }

  /**
   * An order as the sweeps see it: what is free, until when it is open (empty: closed), its
   * ring-fenced balance and what its sessions hold together.
   */
  record OrderHold(
      Money free, java.util.Optional<Instant> openUntil, Money ringFenced, Money held) {}

  /**
   * For the broker's own sweeps: locks the order and reads what is free on it; a closed or expired
   * order (or none) has nothing free.
   */
  static CompletionStage<OrderHold> lockFree(
      Stage.Session session, UUID orderId, Currency currency, Instant now) {
    return session
        .createNativeQuery(
            "SELECT status, expires_at FROM purchase_order WHERE id = :id FOR UPDATE",
            Object[].class)
        .setParameter("id", orderId)
        .getResultList()
        .<OrderHold>thenCompose(
            rows -> {
              if (rows.isEmpty()
                  || !"open".equals(rows.get(0)[0])
                  || !toInstant(rows.get(0)[1]).isAfter(now)) {
                return java.util.concurrent.CompletableFuture.<OrderHold>completedFuture(
                    new OrderHold(
                        Money.zero(currency),
                        java.util.Optional.empty(),
                        Money.zero(currency),
                        Money.zero(currency)));
              }
              Instant expiresAt = toInstant(rows.get(0)[1]);
              return session
                  .createNativeQuery(
                      "SELECT coalesce((SELECT balance_micros FROM ledger_account"
                          + " WHERE book = 'customer-ring-fenced' AND purchase_order_id = :id), 0),"
                          + " coalesce((SELECT sum(reserved_micros) FROM session"
                          + " WHERE purchase_order_id = :id AND reserved_micros > 0), 0)",
                      Object[].class)
                  .setParameter("id", orderId)
                  .getSingleResult()
                  .thenApply(
                      sums -> {
                        long ringFenced = ((Number) sums[0]).longValue();
                        long held = ((Number) sums[1]).longValue();
                        return new OrderHold(
                            Money.ofMicros(currency, Math.max(0, ringFenced - held)),
                            java.util.Optional.of(expiresAt),
                            Money.ofMicros(currency, ringFenced),
                            Money.ofMicros(currency, held));
                      });
            });
  }

  private static Instant toInstant(Object value) {
    if (value instanceof Instant i) {
      return i;
    }
    if (value instanceof java.time.OffsetDateTime o) {
      return o.toInstant();
    }
    if (value instanceof java.sql.Timestamp t) {
      return t.toInstant();
    }
    if (value instanceof java.time.LocalDateTime l) {
      return l.toInstant(java.time.ZoneOffset.UTC);
    }
    throw new IllegalStateException("unexpected timestamp " + value.getClass());
  }
}
