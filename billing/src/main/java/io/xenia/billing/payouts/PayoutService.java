package io.xenia.billing.payouts;

import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.xenia.billing.access.Caller;
import io.xenia.billing.access.Scopes;
import io.xenia.billing.api.Amounts;
import io.xenia.billing.api.BillingException;
import io.xenia.billing.api.Page;
import io.xenia.billing.api.PageRequest;
import io.xenia.billing.api.ProblemType;
import io.xenia.billing.journal.JournalWriter;
import io.xenia.billing.journal.LedgerAccount;
import io.xenia.billing.persistence.Query;
import io.xenia.billing.persistence.Transactions;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Payout statements: a host operator reads its own ({@code funds:read}), finance and admin every
 * one, and finance marks one paid ({@code funds:write}): one balanced {@code host-payout} entry,
 * host-payable → external, never more than the host's payable balance. Marking a paid statement
 * paid again changes nothing and answers the same. Blocking.
 */
@Singleton
public final class PayoutService {
  /** journal_entry.kind of a payout; finance reports group by it. */
  public static final String ENTRY_KIND = "host-payout";

  private final Pool pool;
  private final Clock clock;

  PayoutService(Pool pool, Clock clock) {
    this.pool = pool;
    this.clock = clock;
  }

  public Page<PayoutStatementView> list(
      Caller caller, String periodId, UUID hostOperator, String status, PageRequest page) {
    caller.require(Scopes.FUNDS_READ);
    if (status != null && !status.equals("paid") && !status.equals("unpaid")) {
      throw BillingException.invalidField("status", "must be paid or unpaid");
    }
    var rows =
        Query.list(
            pool,
            "SELECT * FROM ("
                + PayoutStatementRows.SELECT
                + ") s WHERE ($1::uuid IS NULL OR s.host_operator_id = $1)"
                + " AND ($2::uuid IS NULL OR s.host_operator_id = $2)"
                + " AND ($3::text IS NULL OR s.period_id = $3)"
                + " AND ($4::text IS NULL OR ($4 = 'paid') = (s.paid_at IS NOT NULL))"
                + " AND s.id > $5 ORDER BY s.id LIMIT $6",
            row -> PayoutStatementRows.view(row, caller.isStaff(), null),
            caller.ownerFilter().orElse(null),
            hostOperator,
            periodId,
            status,
            page.afterId(),
            page.fetchSize());
    return page.page(rows, PayoutStatementView::id);
  }

  public PayoutStatementView get(Caller caller, UUID id) {
    caller.require(Scopes.FUNDS_READ);
    Row row = PayoutStatementRows.find(pool, id, "");
    caller.requireAccessTo(row.getUUID("host_operator_id"), "payout statement " + id);
    return PayoutStatementRows.view(
        row, caller.isStaff(), PayoutStatementRows.lines(pool, id, row.getString("currency")));
  }

  /** Pays the statement's due amount out of the host's payable balance, once. */
  public PayoutStatementView markPaid(Caller caller, UUID id, String reference) {
    caller.requireStaff(Scopes.FUNDS_WRITE);
    if (reference != null && reference.length() > 200) {
      throw BillingException.invalidField("reference", "must be at most 200 characters");
    }
    Instant now = clock.instant();
    return Transactions.inTransaction(
        pool,
        c -> {
          // The statement's row lock makes concurrent payments of it take turns; the second finds
          // the payout and changes nothing.
          Row row = PayoutStatementRows.find(c, id, " FOR UPDATE OF s");
          if (row.getOffsetDateTime("paid_at") == null) {
            pay(c, row, caller.accountId(), reference, now);
            row = PayoutStatementRows.find(c, id, "");
          }
          return PayoutStatementRows.view(
              row, true, PayoutStatementRows.lines(c, id, row.getString("currency")));
        });
  }

  private static void pay(
      io.vertx.sqlclient.SqlClient c, Row row, UUID actor, String reference, Instant now) {
    UUID id = row.getUUID("id");
    String currency = row.getString("currency").trim();
    UUID operator = row.getUUID("host_operator_id");
    // Credits beyond the statement (possible only when the host's other periods carried them)
    // leave nothing to pay; they never make a payout negative.
    long due = Math.max(0, PayoutStatementRows.due(row));
    UUID entry = null;
    if (due > 0) {
      LedgerAccount payable =
          JournalWriter.lock(c, JournalWriter.HOST_PAYABLE, operator, currency, 0L);
      if (payable.spendableMicros() < due) {
        throw new BillingException(
                ProblemType.INSUFFICIENT_FUNDS,
                "the statement is due "
                    + Amounts.of(currency, due).amount()
                    + " "
                    + currency
                    + " but the host operator's payable balance is "
                    + Amounts.of(currency, payable.balanceMicros()).amount())
            .with("requested", Amounts.of(currency, due).amount())
            .with("available", Amounts.of(currency, payable.spendableMicros()).amount())
            .with("currency", currency);
      }
      LedgerAccount external = JournalWriter.lock(c, JournalWriter.EXTERNAL, null, currency, null);
      Map<UUID, Long> lines = new LinkedHashMap<>();
      lines.put(payable.id(), -due);
      lines.put(external.id(), due);
      entry =
          JournalWriter.post(
              c, ENTRY_KIND, currency, operator, "payout-statement " + id, actor, now, lines);
    }
    Query.run(
        c,
        "INSERT INTO billing.payout (statement_id, amount_micros, journal_entry_id, reference,"
            + " paid_at, paid_by) VALUES ($1, $2, $3, $4, $5, $6)",
        id,
        due,
        entry,
        reference,
        now,
        actor);
  }
}
