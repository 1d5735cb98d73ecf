package io.xenia.billing.invoices;

import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.xenia.billing.access.Caller;
import io.xenia.billing.access.Scopes;
import io.xenia.billing.api.Amounts;
import io.xenia.billing.api.BillingException;
import io.xenia.billing.api.Page;
import io.xenia.billing.api.PageRequest;
import io.xenia.billing.persistence.Query;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.UUID;

/**
 * Invoices as callers may see them: a customer its own ({@code orders:read}), finance and admin
 * every one; another customer's invoice is not found. Blocking.
 */
@Singleton
public final class InvoiceService {
  private static final String COLUMNS =
      "i.id, i.period_id, i.customer_account_id, i.currency, i.rated_micros, i.charged_micros,"
          + " i.uncharged_micros, i.issued_at, (SELECT coalesce(sum(n.amount_micros), 0)"
          + " FROM billing.credit_note n WHERE n.invoice_id = i.id) AS credited_micros";

  private final Pool pool;

  InvoiceService(Pool pool) {
    this.pool = pool;
  }

  /** Invoices, oldest first, optionally of one period and (staff) one customer. */
  public Page<InvoiceView> list(Caller caller, String periodId, UUID customer, PageRequest page) {
    caller.require(Scopes.ORDERS_READ);
    var rows =
        Query.list(
            pool,
            "SELECT "
                + COLUMNS
                + " FROM billing.invoice i WHERE ($1::uuid IS NULL OR i.customer_account_id = $1)"
                + " AND ($2::uuid IS NULL OR i.customer_account_id = $2)"
                + " AND ($3::text IS NULL OR i.period_id = $3) AND i.id > $4 ORDER BY i.id"
                + " LIMIT $5",
            row -> view(row, null),
            caller.ownerFilter().orElse(null),
            customer,
            periodId,
            page.afterId(),
            page.fetchSize());
    return page.page(rows, InvoiceView::id);
  }

  public InvoiceView get(Caller caller, UUID id) {
    caller.require(Scopes.ORDERS_READ);
    Row row = find(id);
    caller.requireAccessTo(row.getUUID("customer_account_id"), "invoice " + id);
    List<InvoiceLineView> lines =
        Query.list(
            pool,
            "SELECT l.*, (SELECT coalesce(sum(n.amount_micros), 0) FROM billing.credit_note n"
                + " WHERE n.invoice_line_id = l.id) AS credited_micros,"
                + " (SELECT d.id FROM billing.dispute d WHERE d.invoice_line_id = l.id"
                + " AND d.status = 'open') AS open_dispute_id"
                + " FROM billing.invoice_line l WHERE l.invoice_id = $1"
                + " ORDER BY l.session_id, l.component, l.id",
            l -> line(l, row.getString("currency"), caller.isStaff()),
            id);
    return view(row, lines);
  }

  private Row find(UUID id) {
    var rows = Query.run(pool, "SELECT " + COLUMNS + " FROM billing.invoice i WHERE i.id = $1", id);
    if (rows.size() == 0) {
      throw BillingException.notFound("invoice " + id);
    }
    return rows.iterator().next();
  }

  private static InvoiceView view(Row row, List<InvoiceLineView> lines) {
    String currency = row.getString("currency").trim();
    return new InvoiceView(
        row.getUUID("id"),
        row.getString("period_id"),
        row.getUUID("customer_account_id"),
        currency,
        Amounts.of(currency, row.getLong("rated_micros")),
        Amounts.of(currency, row.getLong("charged_micros")),
        Amounts.of(currency, row.getLong("uncharged_micros")),
        Amounts.of(currency, row.getNumeric("credited_micros").longValue()),
        Query.instant(row, "issued_at"),
        lines);
  }

  private static InvoiceLineView line(Row l, String currency, boolean staff) {
    return new InvoiceLineView(
        l.getUUID("id"),
        l.getUUID("session_id"),
        l.getUUID("purchase_order_id"),
        l.getString("component"),
        l.getLong("records"),
        l.getLong("measured"),
        Amounts.of(currency, l.getLong("rated_micros")),
        Amounts.of(currency, l.getLong("charged_micros")),
        Amounts.of(currency, l.getLong("uncharged_micros")),
        Amounts.of(currency, l.getNumeric("credited_micros").longValue()),
        l.getUUID("open_dispute_id"),
        staff ? l.getUUID("host_operator_id") : null);
  }
}
