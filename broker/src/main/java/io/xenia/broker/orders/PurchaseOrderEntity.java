package io.xenia.broker.orders;

import io.xenia.protocol.money.Money;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Currency;
import java.util.Optional;
import java.util.UUID;

/** Row of {@code purchase_order}. */
@Entity
@Table(name = "purchase_order")
public class PurchaseOrderEntity {
  @Id UUID id;

  @Column(name = "account_id")
  UUID accountId;

  String currency;

  @Column(name = "limit_micros")
  long limitMicros;

  String status;
  String description;

  @Column(name = "expires_at")
  Instant expiresAt;

  @Column(name = "created_at")
  Instant createdAt;

  @Column(name = "closed_at")
  Instant closedAt;

  @Column(name = "released_micros")
  long releasedMicros;

  @Column(name = "low_funds_threshold_micros")
  Long lowFundsThresholdMicros;

  @Column(name = "low_funds_notified_at")
  Instant lowFundsNotifiedAt;

  protected PurchaseOrderEntity() {}

  PurchaseOrderEntity(PurchaseOrder order) {
    this.id = order.id();
    this.accountId = order.accountId();
    this.currency = order.limit().currency().getCurrencyCode();
    this.limitMicros = order.limit().micros();
    this.createdAt = order.createdAt();
    update(order);
  }

  /** Copies the mutable part of the order (its state) onto the row. */
  void update(PurchaseOrder order) {
    this.status = order.status().wireName();
    this.description = order.description().orElse(null);
    this.expiresAt = order.expiresAt();
    this.closedAt = order.closedAt().orElse(null);
    this.releasedMicros = order.released().micros();
    this.limitMicros = order.limit().micros();
    this.lowFundsThresholdMicros = order.lowFundsThreshold().map(Money::micros).orElse(null);
  }

  PurchaseOrder toOrder() {
    Currency c = Currency.getInstance(currency.trim());
    return new PurchaseOrder(
        id,
        accountId,
        Money.ofMicros(c, limitMicros),
        PurchaseOrderStatus.fromWireName(status).orElseThrow(),
        Optional.ofNullable(description),
        expiresAt,
        createdAt,
        Optional.ofNullable(closedAt),
        Money.ofMicros(c, releasedMicros),
        Optional.ofNullable(lowFundsThresholdMicros).map(m -> Money.ofMicros(c, m)));
  }
}
