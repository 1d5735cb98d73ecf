package io.xenia.billing.exports;

import static java.util.Objects.requireNonNull;

import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import io.xenia.billing.persistence.ReadOnlySnapshot;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads the charged usage records of {@code [from, to)} (by {@code rated_at}, as reports do) with
 * their lines and party names, in one snapshot, through a cursor, for {@link FocusExport}. Records
 * worth nothing are left out (nothing to show); a record whose order ran dry is kept.
 */
public final class FocusQueries {
  private static final String CHARGES =
      "SELECT c.session_id, c.sequence, c.agreement_id, c.customer_account_id,"
          + " coalesce(ca.name, ''), c.purchase_order_id, c.host_id, coalesce(h.name, ''),"
          + " coalesce(oa.name, ''), c.region, c.interval_start, c.interval_end, c.currency,"
          + " c.charged_micros,"
          + " array_agg(l.component ORDER BY l.component), array_agg(l.measured ORDER BY l.component),"
          + " array_agg(l.unit_price_micros ORDER BY l.component),"
          + " array_agg(l.amount_micros ORDER BY l.component)"
          + " FROM billing.usage_charge c"
          + " JOIN billing.usage_charge_line l USING (session_id, sequence)"
          + " LEFT JOIN public.account ca ON ca.id = c.customer_account_id"
          + " LEFT JOIN public.host h ON h.id = c.host_id"
          + " LEFT JOIN public.account oa ON oa.id = c.host_operator_id"
          + " WHERE c.rated_at >= $1 AND c.rated_at < $2 AND c.rated_micros > 0"
          + " GROUP BY c.session_id, c.sequence, ca.name, h.name, oa.name"
          + " ORDER BY c.rated_at, c.session_id, c.sequence";

  private final Pool pool;

  public FocusQueries(Pool pool) {
    this.pool = requireNonNull(pool, "pool is null");
  }

  /** Every charge of the range, streamed to {@code each} in order. */
  public void forEach(Instant from, Instant to, Consumer<FocusCharge> each) {
    Tuple range = Tuple.of(from.atOffset(ZoneOffset.UTC), to.atOffset(ZoneOffset.UTC));
    ReadOnlySnapshot.read(
        pool,
        s -> {
          s.forEach(CHARGES, range, r -> each.accept(charge(r)));
          return null;
        });
  }

  /** Every charge of the range, in memory (small ranges and tests). */
  public List<FocusCharge> charges(Instant from, Instant to) {
    List<FocusCharge> out = new ArrayList<>();
    forEach(from, to, out::add);
    return out;
  }

  private static FocusCharge charge(Row r) {
    String[] components = r.getArrayOfStrings(14);
    Long[] measured = r.getArrayOfLongs(15);
    Long[] prices = r.getArrayOfLongs(16);
    Long[] amounts = r.getArrayOfLongs(17);
    List<FocusCharge.Line> lines = new ArrayList<>(components.length);
    for (int i = 0; i < components.length; i++) {
      lines.add(new FocusCharge.Line(components[i], measured[i], prices[i], amounts[i]));
    }
    return new FocusCharge(
        r.getUUID(0),
        r.getLong(1),
        r.getString(2),
        r.getUUID(3),
        r.getString(4),
        r.getUUID(5),
        r.getUUID(6),
        r.getString(7),
        r.getString(8),
        r.getString(9),
        r.getOffsetDateTime(10).toInstant(),
        r.getOffsetDateTime(11).toInstant(),
        r.getString(12),
        r.getLong(13),
        lines);
  }
}
