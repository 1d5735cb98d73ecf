package io.xenia.billing.api;

import io.micronaut.serde.annotation.Serdeable;
import io.xenia.billing.access.Caller;
import java.util.List;
import java.util.UUID;

/** Who billing takes the caller to be: account, kind, and the scopes billing honours. */
@Serdeable
public record CallerView(UUID accountId, String kind, List<String> scopes) {
  public static CallerView of(Caller caller) {
    return new CallerView(
        caller.accountId(), caller.kind().wireName(), caller.scopes().stream().sorted().toList());
  }
}
