package io.xenia.broker.sessions;

import io.xenia.protocol.encoding.CanonicalObject;
import io.xenia.protocol.money.Money;
import java.time.Instant;
import java.util.Currency;

/** The {@code data} of session webhooks (docs/webhooks.md). Money as decimal text plus currency. */
final class SessionWebhooks {
  private SessionWebhooks() {}

  private static CanonicalObject.Builder base(SessionEntity row) {
    return CanonicalObject.builder()
        .put("sessionId", row.id.toString())
        .put("purchaseOrderId", row.purchaseOrderId.toString())
        .put("hostId", row.hostId.toString())
        .put("machineId", row.machineId)
        .put("state", row.state)
        .put("currency", row.currency.trim());
  }

  /** Canonical JSON carries instants to the millisecond. */
  private static Instant ms(Instant t) {
    return t.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
  }

  static CanonicalObject paused(SessionEntity row, Money period, Money free) {
    return base(row)
        .put("reason", EndReason.FUNDS_EXHAUSTED.wireName())
        .put("pausedAt", ms(row.pausedAt))
        .put("graceUntil", ms(row.graceUntil))
        .put("needed", period.amount())
        .put("free", free.amount())
        .build();
  }

  static CanonicalObject resumed(SessionEntity row, Money held) {
    return base(row).put("held", held.amount()).build();
  }

  static CanonicalObject ended(SessionEntity row, String detail, Instant now) {
    Currency c = Currency.getInstance(row.currency.trim());
    return base(row)
        .put("reason", row.endReason)
        .put("endedAt", ms(row.endedAt == null ? now : row.endedAt))
        .put("accrued", row.accrued(now).amount())
        .put("spent", Money.ofMicros(c, row.spentMicros).amount())
        .put("detail", detail == null ? "" : detail)
        .build();
  }
}
