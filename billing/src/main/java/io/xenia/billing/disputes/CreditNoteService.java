package io.xenia.billing.disputes;

import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.xenia.billing.access.Caller;
import io.xenia.billing.access.Scopes;
import io.xenia.billing.api.BillingException;
import io.xenia.billing.api.Page;
import io.xenia.billing.api.PageRequest;
import io.xenia.billing.persistence.Query;
import jakarta.inject.Singleton;
import java.util.UUID;

/** Credit notes: a customer reads its own ({@code orders:read}), finance and admin every one. */
@Singleton
public final class CreditNoteService {
  private final Pool pool;

  CreditNoteService(Pool pool) {
    this.pool = pool;
  }

  public Page<CreditNoteView> list(Caller caller, UUID invoice, PageRequest page) {
    caller.require(Scopes.ORDERS_READ);
    var rows =
        Query.list(
            pool,
            DisputeRows.CREDIT_NOTE
                + " WHERE ($1::uuid IS NULL OR n.customer_account_id = $1)"
                + " AND ($2::uuid IS NULL OR n.invoice_id = $2) AND n.id > $3 ORDER BY n.id"
                + " LIMIT $4",
            row -> DisputeRows.creditNote(row, caller.isStaff()),
            caller.ownerFilter().orElse(null),
            invoice,
            page.afterId(),
            page.fetchSize());
    return page.page(rows, CreditNoteView::id);
  }

  public CreditNoteView get(Caller caller, UUID id) {
    caller.require(Scopes.ORDERS_READ);
    var rows = Query.run(pool, DisputeRows.CREDIT_NOTE + " WHERE n.id = $1", id);
    if (rows.size() == 0) {
      throw BillingException.notFound("credit note " + id);
    }
    Row row = rows.iterator().next();
    caller.requireAccessTo(row.getUUID("customer_account_id"), "credit note " + id);
    return DisputeRows.creditNote(row, caller.isStaff());
  }
}
