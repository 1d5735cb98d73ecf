package io.xenia.broker.ledger;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.UUID;
import org.hibernate.annotations.Immutable;

/**
 * Row of {@code journal_line}; inserting it moves its ledger account's balance (a database
 * trigger).
 */
@Entity
@Immutable
@Table(name = "journal_line")
public class JournalLineEntity {
  @Id UUID id;

  @Column(name = "entry_id")
  UUID entryId;

  @Column(name = "ledger_account_id")
  UUID ledgerAccountId;

  @Column(name = "amount_micros")
  long amountMicros;

  protected JournalLineEntity() {}

  JournalLineEntity(UUID id, UUID entryId, UUID ledgerAccountId, long amountMicros) {
    this.id = id;
    this.entryId = entryId;
    this.ledgerAccountId = ledgerAccountId;
    this.amountMicros = amountMicros;
  }
}
