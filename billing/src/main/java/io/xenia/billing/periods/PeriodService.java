package io.xenia.billing.periods;

import io.vertx.sqlclient.Pool;
import io.xenia.billing.access.Caller;
import io.xenia.billing.access.Scopes;
import io.xenia.billing.api.BillingException;
import io.xenia.billing.api.Page;
import io.xenia.billing.api.PageRequest;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Billing periods as callers see them: everyone authenticated sees the calendar and which periods
 * are closed; finance and admin see a closed period's figures, and close periods ({@code
 * funds:write}). Blocking.
 */
@Singleton
public final class PeriodService {
  private final Pool pool;
  private final PeriodCalendar calendar;
  private final PeriodCloser closer;
  private final Clock clock;

  PeriodService(Pool pool, PeriodCalendar calendar, PeriodCloser closer, Clock clock) {
    this.pool = pool;
    this.calendar = calendar;
    this.closer = closer;
    this.clock = clock;
  }

  public Page<PeriodView> list(Caller caller, PageRequest page) {
    // The current period is always listed, even before its first charge.
    PeriodCloser.insertPeriod(pool, calendar.periodOf(clock.instant()));
    var rows = PeriodRows.page(pool, page.after().orElse(""), page.fetchSize());
    List<PeriodView> views = new ArrayList<>();
    for (var row : rows) {
      views.add(view(caller, row));
    }
    return page.page(views, PeriodView::id);
  }

  public PeriodView get(Caller caller, String id) {
    var stored = PeriodRows.find(pool, id);
    if (stored.isPresent()) {
      return view(caller, stored.get());
    }
    Instant now = clock.instant();
    return calendar
        .byId(id)
        .filter(p -> !p.start().isAfter(now))
        .map(PeriodView::open)
        .orElseThrow(() -> BillingException.notFound("billing period " + id));
  }

  public PeriodView close(Caller caller, String id) {
    caller.requireStaff(Scopes.FUNDS_WRITE);
    return PeriodView.closed(closer.close(id, caller.accountId()), true);
  }

  private PeriodView view(Caller caller, PeriodRows.Stored row) {
    if (!row.closed()) {
      return PeriodView.open(row.period());
    }
    boolean figures = caller.isStaff() && caller.scopes().contains(Scopes.FUNDS_READ);
    return PeriodView.closed(PeriodRows.closed(pool, row.period().id()).orElseThrow(), figures);
  }
}
