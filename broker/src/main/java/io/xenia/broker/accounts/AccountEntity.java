package io.xenia.broker.accounts;

import io.xenia.broker.access.AccountKind;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * Row of {@code account}. Mapping only: rules live in {@link AccountService} and {@link Account}.
 */
@Entity
@Table(name = "account")
public class AccountEntity {
  @Id UUID id;
  String kind;
  String name;

  @Column(name = "contact_email")
  String contactEmail;

  boolean bootstrap;

  @Column(name = "created_at")
  Instant createdAt;

  protected AccountEntity() {}

  AccountEntity(Account account, boolean bootstrap) {
    this.id = account.id();
    this.kind = account.kind().wireName();
    this.name = account.name();
    this.contactEmail = account.contactEmail();
    this.bootstrap = bootstrap;
    this.createdAt = account.createdAt();
  }

  public Account toAccount() {
    return new Account(
        id, AccountKind.fromWireName(kind).orElseThrow(), name, contactEmail, createdAt);
  }
}
