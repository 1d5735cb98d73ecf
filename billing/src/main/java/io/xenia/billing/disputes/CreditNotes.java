package io.xenia.billing.disputes;

import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.xenia.billing.api.Amounts;
import io.xenia.billing.api.BillingException;
import io.xenia.billing.api.Ids;
import io.xenia.billing.api.ProblemType;
import io.xenia.billing.journal.JournalWriter;
import io.xenia.billing.journal.LedgerAccount;
import io.xenia.billing.persistence.Query;
import io.xenia.protocol.money.Money;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Issues a credit note inside the resolving transaction: one balanced {@code credit-note} journal
 * entry that gives {@code amount} back to the customer's available funds, taken from the host
 * operator's payable and the platform's revenue in the proportion the line's charge gave them
 * ({@link CreditSplit}; docs/billing.md says why). Neither may go below its floor: a host already
 * paid out (its payable spent) cannot be credited from until it earns again.
 */
final class CreditNotes {
  /** journal_entry.kind of a credit note; finance reports group by it. */
  static final String ENTRY_KIND = "credit-note";

  private CreditNotes() {}

  static UUID issue(SqlClient c, Row dispute, Money amount, UUID actor, Instant now) {
    Row line =
        DisputeRows.line(
            c,
            dispute.getUUID("invoice_id"),
            dispute.getUUID("invoice_line_id"),
            " FOR UPDATE OF l");
    String currency = line.getString("currency").trim();
    if (!amount.currency().getCurrencyCode().equals(currency)) {
      throw BillingException.invalidField("amount.currency", "must be the invoice's, " + currency);
    }
    long charged = line.getLong("charged_micros");
    long creditable = charged - line.getNumeric("credited_micros").longValue();
    if (amount.micros() > creditable) {
      throw new BillingException(
              ProblemType.CREDIT_EXCEEDS_LINE,
              "the line can be credited at most "
                  + Amounts.of(currency, creditable).amount()
                  + " "
                  + currency)
          .with("creditable", Amounts.of(currency, creditable).amount())
          .with("currency", currency);
    }
    CreditSplit split = CreditSplit.of(amount.micros(), charged, line.getLong("fee_micros"));
    UUID customer = line.getUUID("customer_account_id");
    UUID operator = line.getUUID("host_operator_id");
    // The ledger's lock order: customer available, host-payable, platform revenue.
    LedgerAccount available =
        JournalWriter.lock(c, JournalWriter.CUSTOMER_AVAILABLE, customer, currency, 0L);
    Map<UUID, Long> lines = new LinkedHashMap<>();
    lines.put(available.id(), amount.micros());
    if (split.hostShareMicros() > 0) {
      LedgerAccount host =
          JournalWriter.lock(c, JournalWriter.HOST_PAYABLE, operator, currency, 0L);
      requireSpendable(host, split.hostShareMicros(), currency, "the host operator's payable");
      lines.put(host.id(), -split.hostShareMicros());
    }
    if (split.feeShareMicros() > 0) {
      LedgerAccount platform =
          JournalWriter.lock(c, JournalWriter.PLATFORM_REVENUE, null, currency, 0L);
      requireSpendable(platform, split.feeShareMicros(), currency, "the platform's revenue");
      lines.put(platform.id(), -split.feeShareMicros());
    }
    UUID id = Ids.newId();
    UUID entry =
        JournalWriter.post(
            c, ENTRY_KIND, currency, customer, "credit-note " + id, actor, now, lines);
    Query.run(
        c,
        "INSERT INTO billing.credit_note (id, dispute_id, invoice_id, invoice_line_id, period_id,"
            + " customer_account_id, host_operator_id, currency, amount_micros, host_share_micros,"
            + " fee_share_micros, journal_entry_id, issued_at, issued_by)"
            + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
        id,
        dispute.getUUID("id"),
        line.getUUID("invoice_id"),
        line.getUUID("id"),
        line.getString("period_id"),
        customer,
        operator,
        currency,
        amount.micros(),
        split.hostShareMicros(),
        split.feeShareMicros(),
        entry,
        now,
        actor);
    return id;
  }

  private static void requireSpendable(
      LedgerAccount account, long micros, String currency, String what) {
    if (account.spendableMicros() < micros) {
      throw new BillingException(
              ProblemType.INSUFFICIENT_FUNDS,
              "the credit takes "
                  + Amounts.of(currency, micros).amount()
                  + " "
                  + currency
                  + " from "
                  + what
                  + ", which holds "
                  + Amounts.of(currency, account.balanceMicros()).amount())
          .with("requested", Amounts.of(currency, micros).amount())
          .with("available", Amounts.of(currency, Math.max(0, account.spendableMicros())).amount())
          .with("currency", currency);
    }
  }
}
