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
    Money released,
    Optional<Money> lowFundsThreshold) {

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
    requireNonNull(lowFundsThreshold, "lowFundsThreshold is null");
    if (!limit.isPositive()) {
      throw new IllegalArgumentException("a purchase order's limit is positive: " + limit);
    }
    if ((status == PurchaseOrderStatus.OPEN) == closedAt.isPresent()) {
      throw new IllegalArgumentException("an order is closed exactly when it is not open");
    }
  }

  /** An order with the default low-funds threshold. */
  public PurchaseOrder(
      UUID id,
      UUID accountId,
      Money limit,
      PurchaseOrderStatus status,
      Optional<String> description,
      Instant expiresAt,
      Instant createdAt,
      Optional<Instant> closedAt,
      Money released) {
    this(
        id,
        accountId,
        limit,
        status,
        description,
        expiresAt,
        createdAt,
        closedAt,
        released,
        Optional.empty());
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
        remaining,
        lowFundsThreshold);
  }

  /**
   * Below what the order's free money (neither spent nor held for sessions) the customer is
   * notified ({@code order.low-funds}): the one set, or {@link LowFunds#DEFAULT_PERCENT} % of the
   * limit.
   */
  public Money effectiveLowFundsThreshold() {
    return LowFunds.thresholdOf(limit, lowFundsThreshold);
  }

  /** The order with a new low-funds threshold (same currency, not negative). */
  public PurchaseOrder withLowFundsThreshold(Money threshold) {
    requireOpen();
    if (!threshold.currency().equals(limit.currency())) {
      throw XeniaException.invalidField(
          "lowFundsThreshold", "must be in the order's currency, " + limit.currency());
    }
    return new PurchaseOrder(
        id,
        accountId,
        limit,
        status,
        description,
        expiresAt,
        createdAt,
        closedAt,
        released,
        Optional.of(threshold));
  }

  /**
   * The order with a higher limit: the difference is ring-fenced by the caller (a limit never
   * shrinks: cancel the order to get money back).
   */
  public PurchaseOrder withLimit(Money newLimit) {
    requireOpen();
    if (!newLimit.currency().equals(limit.currency())) {
      throw XeniaException.invalidField(
          "amountLimit", "must be in the order's currency, " + limit.currency());
    }
    if (newLimit.compareTo(limit) < 0) {
      throw XeniaException.invalidField(
          "amountLimit",
          "can only grow (from " + limit + "); cancel the order to release what it did not spend");
    }
    return new PurchaseOrder(
        id,
        accountId,
        newLimit,
        status,
        description,
        expiresAt,
        createdAt,
        closedAt,
        released,
        lowFundsThreshold);
  }

  private void requireOpen() {
    if (status != PurchaseOrderStatus.OPEN) {
      throw new XeniaException(
              ProblemType.PURCHASE_ORDER_NOT_OPEN,
              "purchase order " + id + " is " + status.wireName())
          .with("status", status.wireName());
    }
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
