package io.xenia.broker.accounts;

import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.UUID;

/** An account as the API shows it. */
@Serdeable
@Schema(name = "Account")
public record AccountView(
    UUID id, String kind, String name, String contactEmail, Instant createdAt) {
  public static AccountView of(Account a) {
    return new AccountView(a.id(), a.kind().wireName(), a.name(), a.contactEmail(), a.createdAt());
  }
}
