package io.xenia.broker.webhooks;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

/** Registers (or replaces) the account's webhook endpoint. */
@Serdeable
public record SetWebhookEndpointRequest(
    @Nullable
        @Schema(
            description =
                "An https (or http) URL on a public address; private and loopback addresses are"
                    + " refused unless the broker allows them (xenia.images.allow-private-urls).")
        String url) {}
