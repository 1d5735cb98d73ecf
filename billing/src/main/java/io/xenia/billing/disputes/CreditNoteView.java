package io.xenia.billing.disputes;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.xenia.billing.api.MoneyAmount;
import java.time.Instant;
import java.util.UUID;

/**
 * A credit note: {@code amount} given back to the customer's available funds for an invoice line.
 * Finance and admin also see how it was taken back ({@code hostShare} from the host operator's
 * payable, {@code platformShare} from the platform's revenue) and the journal entry.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CreditNoteView(
    UUID id,
    UUID disputeId,
    UUID invoiceId,
    UUID invoiceLineId,
    String periodId,
    UUID customerAccountId,
    MoneyAmount amount,
    Instant issuedAt,
    @Nullable UUID hostOperatorId,
    @Nullable MoneyAmount hostShare,
    @Nullable MoneyAmount platformShare,
    @Nullable UUID journalEntryId) {}
