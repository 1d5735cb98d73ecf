package io.xenia.billing.periods;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.xenia.billing.api.Amounts;
import io.xenia.billing.api.MoneyAmount;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A billing period on the wire. {@code status} is {@code open} or {@code closed}; the figures of a
 * closed period ({@code closedBy}, {@code totals}, counts) are shown to finance and admin only.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PeriodView(
    String id,
    Instant startsAt,
    Instant endsAt,
    String status,
    @Nullable Instant closedAt,
    @Nullable UUID closedBy,
    @Nullable List<Totals> totals,
    @Nullable Integer invoices,
    @Nullable Integer payoutStatements) {

  /** A closed period's figures in one currency; {@code platformRevenue} is the fees. */
  @Serdeable
  public record Totals(
      String currency,
      long records,
      MoneyAmount rated,
      MoneyAmount charged,
      MoneyAmount platformRevenue,
      MoneyAmount hostPayable,
      MoneyAmount uncharged) {
    static Totals of(CurrencyTotals t) {
      String c = t.currency();
      return new Totals(
          c,
          t.records(),
          Amounts.of(c, t.ratedMicros()),
          Amounts.of(c, t.chargedMicros()),
          Amounts.of(c, t.feeMicros()),
          Amounts.of(c, t.hostPayableMicros()),
          Amounts.of(c, t.unchargedMicros()));
    }
  }

  public static PeriodView open(BillingPeriod p) {
    return new PeriodView(p.id(), p.start(), p.end(), "open", null, null, null, null, null);
  }

  public static PeriodView closed(ClosedPeriod p, boolean withFigures) {
    return new PeriodView(
        p.id(),
        p.start(),
        p.end(),
        "closed",
        p.closedAt(),
        withFigures ? p.closedBy() : null,
        withFigures ? p.totals().stream().map(Totals::of).toList() : null,
        withFigures ? p.invoices() : null,
        withFigures ? p.payoutStatements() : null);
  }
}
