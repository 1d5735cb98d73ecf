package io.xenia.broker.orders;

import static java.util.Objects.requireNonNull;

import io.xenia.broker.problems.ProblemType;
import io.xenia.broker.problems.XeniaException;
import io.xenia.protocol.money.Money;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A customer's commitment of money for later spend, up to {@code limit}, until {@code expiresAt}.
 * The money is ring-fenced when the order opens; what is not spent goes back when it is cancelled
 * or expires.
 */
public record PurchaseOrder(
    UUID id,
    UUID accountId,
    Money limit,
    PurchaseOrderStatus status,
    Optional<String> description,
    Instant expiresAt,
    Instant createdAt,
    Optional<Instant> closedAt,
    Money released) {

  /** The longest an order may run: long enough for a year's lease, short enough to be reviewed. */
  public static final Duration MAX_TERM = Duration.ofDays(3 * 366);

  public PurchaseOrder {
    requireNonNull(id, "id is null");
    requireNonNull(accountId, "accountId is null");
    requireNonNull(limit, "limit is null");
    requireNonNull(status, "status is null");
    requireNonNull(description, "description is null");
    requireNonNull(expiresAt, "expiresAt is null");
    requireNonNull(createdAt, "createdAt is null");
    requireNonNull(closedAt, "closedAt is null");
    requireNonNull(released, "released is null");
    if (!limit.isPositive()) {
      throw new IllegalArgumentException("a purchase order's limit is positive: " + limit);
    }
    if ((status == PurchaseOrderStatus.OPEN) == closedAt.isPresent()) {
      throw new IllegalArgumentException("an order is closed exactly when it is not open");
    }
  }

  /** A new open order; refuses an expiry in the past or beyond {@link #MAX_TERM}. */
  public static PurchaseOrder open(
      UUID id,
      UUID accountId,
      Money limit,
      Optional<String> description,
      Instant expiresAt,
      Instant now) {
    if (!expiresAt.isAfter(now)) {
      throw XeniaException.invalidField("expiresAt", "must be in the future");
    }
    if (expiresAt.isAfter(now.plus(MAX_TERM))) {
      throw XeniaException.invalidField(
          "expiresAt", "must be within " + MAX_TERM.toDays() + " days");
    }
    return new PurchaseOrder(
        id,
        accountId,
        limit,
        PurchaseOrderStatus.OPEN,
        description,
        expiresAt,
        now,
        Optional.empty(),
        Money.zero(limit.currency()));
  }

  /** Closes the order, giving back {@code remaining}; only an open order can close. */
  public PurchaseOrder close(PurchaseOrderStatus outcome, Money remaining, Instant now) {
    if (outcome == PurchaseOrderStatus.OPEN) {
      throw new IllegalArgumentException("closing needs a closed status");
    }
    if (status != PurchaseOrderStatus.OPEN) {
      throw new XeniaException(
              ProblemType.PURCHASE_ORDER_NOT_OPEN,
              "purchase order " + id + " is " + status.wireName())
          .with("status", status.wireName());
    }
    return new PurchaseOrder(
        id,
        accountId,
        limit,
        outcome,
        description,
        expiresAt,
        createdAt,
        Optional.of(now),
        remaining);
  }

  /**
   * Refuses a charge of {@code amount} unless the order is open and still holds at least that much:
   * the rule that an order is never overdrawn.
   */
  public void requireChargeable(Money amount, Money remaining) {
    if (status != PurchaseOrderStatus.OPEN) {
      throw new XeniaException(
              ProblemType.PURCHASE_ORDER_NOT_OPEN,
              "purchase order " + id + " is " + status.wireName())
          .with("status", status.wireName());
    }
    if (remaining.compareTo(amount) < 0) {
      throw new XeniaException(
              ProblemType.INSUFFICIENT_FUNDS,
              "charging "
                  + amount
                  + " to purchase order "
                  + id
                  + " needs more than its "
                  + remaining)
          .with("requested", amount.amount())
          .with("available", remaining.amount())
          .with("currency", amount.currency().getCurrencyCode());
    }
  }

  public boolean isExpiredAt(Instant now) {
    return status == PurchaseOrderStatus.OPEN && !now.isBefore(expiresAt);
  }

  /** What was spent, given what still remains ring-fenced. */
  public Money spent(Money remaining) {
    return limit.minus(remaining).minus(released);
  }
}
