package io.xenia.broker.ledger;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.Immutable;

/**
 * Row of {@code journal_entry}: inserted once, never changed (the database refuses updates too).
 */
@Entity
@Immutable
@Table(name = "journal_entry")
public class JournalEntryEntity {
  @Id UUID id;
  String kind;
  String currency;

  @Column(name = "account_id")
  UUID accountId;

  @Column(name = "purchase_order_id")
  UUID purchaseOrderId;

  String reference;

  @Column(name = "created_by")
  UUID createdBy;

  @Column(name = "created_at")
  Instant createdAt;

  protected JournalEntryEntity() {}

  JournalEntryEntity(JournalEntry entry) {
    this.id = entry.id();
    this.kind = entry.kind().wireName();
    this.currency = entry.currency().getCurrencyCode();
    this.accountId = entry.account().orElse(null);
    this.purchaseOrderId = entry.purchaseOrder().orElse(null);
    this.reference = entry.reference().orElse(null);
    this.createdBy = entry.createdBy();
    this.createdAt = entry.createdAt();
  }
}
