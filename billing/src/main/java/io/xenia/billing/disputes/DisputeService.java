package io.xenia.billing.disputes;

import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.xenia.billing.access.Caller;
import io.xenia.billing.access.Scopes;
import io.xenia.billing.api.BillingException;
import io.xenia.billing.api.Ids;
import io.xenia.billing.api.Page;
import io.xenia.billing.api.PageRequest;
import io.xenia.billing.api.ProblemType;
import io.xenia.billing.persistence.Query;
import io.xenia.billing.persistence.Transactions;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * Disputes of invoice lines: a customer opens one on its own line ({@code orders:write}) and reads
 * its own ({@code orders:read}); finance and admin read every one and resolve it ({@code
 * funds:write}) with a credit note ({@link CreditNotes}) or a rejection. A line has at most one
 * open dispute. Blocking.
 */
@Singleton
public final class DisputeService {
  private static final int MAX_TEXT = 2000;

  private final Pool pool;
  private final Clock clock;

  DisputeService(Pool pool, Clock clock) {
    this.pool = pool;
    this.clock = clock;
  }

  public DisputeView open(Caller caller, UUID invoice, UUID line, String reason) {
    caller.require(Scopes.ORDERS_WRITE);
    String why = text("reason", reason);
    Instant now = clock.instant();
    return Transactions.inTransaction(
        pool,
        c -> {
          // The line's lock makes concurrent disputes of it take turns (the unique index on open
          // disputes backs this up).
          Row l = DisputeRows.line(c, invoice, line, " FOR UPDATE OF l");
          caller.requireAccessTo(
              l.getUUID("customer_account_id"), "invoice line " + line + " of invoice " + invoice);
          var open =
              Query.run(
                  c,
                  "SELECT id FROM billing.dispute WHERE invoice_line_id = $1 AND status = 'open'",
                  line);
          if (open.size() > 0) {
            UUID existing = open.iterator().next().getUUID("id");
            throw new BillingException(
                    ProblemType.DISPUTE_ALREADY_OPEN,
                    "invoice line " + line + " is already disputed (dispute " + existing + ")")
                .with("disputeId", existing.toString());
          }
          UUID id = Ids.newId();
          Query.run(
              c,
              "INSERT INTO billing.dispute (id, invoice_id, invoice_line_id, customer_account_id,"
                  + " reason, status, opened_at, opened_by) VALUES ($1, $2, $3, $4, $5, 'open', $6,"
                  + " $7)",
              id,
              invoice,
              line,
              l.getUUID("customer_account_id"),
              why,
              now,
              caller.accountId());
          return DisputeRows.dispute(DisputeRows.dispute(c, id, ""));
        });
  }

  public Page<DisputeView> list(Caller caller, String status, UUID invoice, PageRequest page) {
    caller.require(Scopes.ORDERS_READ);
    if (status != null && !java.util.Set.of("open", "credited", "rejected").contains(status)) {
      throw BillingException.invalidField("status", "must be open, credited or rejected");
    }
    var rows =
        Query.list(
            pool,
            DisputeRows.DISPUTE
                + " WHERE ($1::uuid IS NULL OR d.customer_account_id = $1)"
                + " AND ($2::text IS NULL OR d.status = $2)"
                + " AND ($3::uuid IS NULL OR d.invoice_id = $3) AND d.id > $4 ORDER BY d.id"
                + " LIMIT $5",
            DisputeRows::dispute,
            caller.ownerFilter().orElse(null),
            status,
            invoice,
            page.afterId(),
            page.fetchSize());
    return page.page(rows, DisputeView::id);
  }

  public DisputeView get(Caller caller, UUID id) {
    caller.require(Scopes.ORDERS_READ);
    Row row = DisputeRows.dispute(pool, id, "");
    caller.requireAccessTo(row.getUUID("customer_account_id"), "dispute " + id);
    return DisputeRows.dispute(row);
  }

  /** Resolves an open dispute: {@code credit} issues a credit note, {@code reject} records why. */
  public DisputeView resolve(Caller caller, UUID id, ResolveDisputeRequest request) {
    caller.requireStaff(Scopes.FUNDS_WRITE);
    String outcome = request.outcome();
    if (!"credit".equals(outcome) && !"reject".equals(outcome)) {
      throw BillingException.invalidField("outcome", "must be credit or reject");
    }
    String why = text("reason", request.reason());
    if ("reject".equals(outcome) && request.amount() != null) {
      throw BillingException.invalidField("amount", "is only for a credit");
    }
    var amount = "credit".equals(outcome) ? required(request).toPositiveMoney("amount") : null;
    Instant now = clock.instant();
    return Transactions.inTransaction(
        pool,
        c -> {
          Row d = DisputeRows.dispute(c, id, " FOR UPDATE OF d");
          if (!"open".equals(d.getString("status"))) {
            throw new BillingException(
                    ProblemType.DISPUTE_NOT_OPEN,
                    "dispute " + id + " is already " + d.getString("status"))
                .with("status", d.getString("status"));
          }
          String status = "rejected";
          if (amount != null) {
            CreditNotes.issue(c, d, amount, caller.accountId(), now);
            status = "credited";
          }
          Query.run(
              c,
              "UPDATE billing.dispute SET status = $2, resolved_at = $3, resolved_by = $4,"
                  + " resolution = $5 WHERE id = $1",
              id,
              status,
              now,
              caller.accountId(),
              why);
          return DisputeRows.dispute(DisputeRows.dispute(c, id, ""));
        });
  }

  private static io.xenia.billing.api.MoneyAmount required(ResolveDisputeRequest request) {
    if (request.amount() == null) {
      throw BillingException.invalidField("amount", "is required for a credit");
    }
    return request.amount();
  }

  private static String text(String field, String value) {
    if (value == null || value.isBlank()) {
      throw BillingException.invalidField(field, "is required");
    }
    if (value.length() > MAX_TEXT) {
      throw BillingException.invalidField(field, "must be at most " + MAX_TEXT + " characters");
    }
    return value.strip();
  }
}
