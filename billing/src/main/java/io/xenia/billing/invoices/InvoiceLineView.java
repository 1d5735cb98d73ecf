package io.xenia.billing.invoices;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.xenia.billing.api.MoneyAmount;
import java.util.UUID;

/**
 * One session's use of one component in the period: {@code measured} in the component's base unit
 * (seconds for machine-hour, bytes for *-gib), {@code records} usage records summed. {@code
 * openDisputeId} is set while a dispute of the line is open; {@code hostOperatorId} is shown to
 * finance and admin only.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InvoiceLineView(
    UUID id,
    UUID sessionId,
    UUID purchaseOrderId,
    String component,
    long records,
    long measured,
    MoneyAmount rated,
    MoneyAmount charged,
    MoneyAmount uncharged,
    MoneyAmount credited,
    @Nullable UUID openDisputeId,
    @Nullable UUID hostOperatorId) {}
