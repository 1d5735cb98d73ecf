package io.xenia.broker.webhooks;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.UUID;

/** One queued webhook and how its delivery went. */
@Serdeable
@Schema(name = "WebhookDelivery")
public record WebhookDeliveryView(
    @Schema(description = "The event id: the receiver de-duplicates by it.") UUID id,
    String type,
    @Schema(allowableValues = {"pending", "delivered", "failed"}) String status,
    int attempts,
    Instant createdAt,
    @Nullable Instant deliveredAt,
    @Nullable Instant nextAttemptAt,
    @Nullable String lastError) {}
