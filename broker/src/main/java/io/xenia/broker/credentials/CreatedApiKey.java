package io.xenia.broker.credentials;

import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

/** A new API key and its bearer token, which is shown this once and never again. */
@Serdeable
public record CreatedApiKey(
    ApiKeyView apiKey,
    @Schema(description = "The bearer token; store it now, it cannot be shown again.")
        String token) {
  public static CreatedApiKey of(IssuedApiKey issued, java.time.Instant now) {
    return new CreatedApiKey(ApiKeyView.of(issued.key(), now), issued.token().value());
  }
}
