package io.xenia.broker.webhooks;

import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/** Where an account's webhooks go. */
@Serdeable
@Schema(name = "WebhookEndpoint")
public record WebhookEndpointView(String url, Instant createdAt, Instant updatedAt) {}
