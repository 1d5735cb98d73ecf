package io.xenia.billing.invoices;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.xenia.billing.api.MoneyAmount;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A customer's invoice for one closed period and currency. {@code charged} is what was taken from
 * the customer's purchase orders; {@code uncharged} what the usage was worth beyond what the orders
 * held (not owed, shown so nothing is hidden); {@code credited} the credit notes issued against it
 * since. {@code lines} are present on a single invoice, not in lists.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InvoiceView(
    UUID id,
    String periodId,
    UUID customerAccountId,
    String currency,
    MoneyAmount rated,
    MoneyAmount charged,
    MoneyAmount uncharged,
    MoneyAmount credited,
    Instant issuedAt,
    @Nullable List<InvoiceLineView> lines) {}
