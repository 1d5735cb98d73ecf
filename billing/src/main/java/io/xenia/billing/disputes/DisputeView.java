package io.xenia.billing.disputes;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.UUID;

/**
 * A dispute of an invoice line. {@code status}: {@code open}, then {@code credited} (with {@code
 * creditNoteId}) or {@code rejected}; {@code resolution} is finance's reason.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DisputeView(
    UUID id,
    UUID invoiceId,
    UUID invoiceLineId,
    UUID customerAccountId,
    String reason,
    String status,
    Instant openedAt,
    @Nullable Instant resolvedAt,
    @Nullable String resolution,
    @Nullable UUID creditNoteId) {}
