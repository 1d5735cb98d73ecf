package io.xenia.broker.accounts;

import static java.util.Objects.requireNonNull;

import io.xenia.broker.access.AccountKind;
import java.time.Instant;
import java.util.UUID;

/** A party of the marketplace: a customer, a host operator, finance staff or an administrator. */
public record Account(
    UUID id, AccountKind kind, String name, String contactEmail, Instant createdAt) {
  public Account {
    requireNonNull(id, "id is null");
    requireNonNull(kind, "kind is null");
    requireNonNull(name, "name is null");
    requireNonNull(contactEmail, "contactEmail is null");
    requireNonNull(createdAt, "createdAt is null");
  }
}
