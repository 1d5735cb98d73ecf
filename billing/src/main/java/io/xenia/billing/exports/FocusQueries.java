package io.xenia.billing.exports;

import static java.util.Objects.requireNonNull;

import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import io.xenia.billing.persistence.ReadOnlySnapshot;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Reads the charged usage records of {@code [from, to)} (by {@code rated_at}, as reports do) with
 * their lines and party names, in one snapshot, for {@link FocusExport}. Records with nothing
 * charged and nothing rated are left out (nothing to show); a record whose order ran dry is kept.
 */
public final class FocusQueries {
  private static final String CHARGES =
      "SELECT c.session_id, c.sequence, c.agreement_id, c.customer_account_id,"
          + " coalesce(ca.name, ''), c.purchase_order_id, c.host_id, coalesce(h.name, ''),"
          + " coalesce(oa.name, ''), c.region, c.interval_start, c.interval_end, c.currency,"
          + " c.charged_micros"
          + " FROM billing.usage_charge c"
          + " LEFT JOIN public.account ca ON ca.id = c.customer_account_id"
          + " LEFT JOIN public.host h ON h.id = c.host_id"
          + " LEFT JOIN public.account oa ON oa.id = c.host_operator_id"
          + " WHERE c.rated_at >= $1 AND c.rated_at < $2 AND c.rated_micros > 0"
          + " ORDER BY c.rated_at, c.session_id, c.sequence";
  private static final String LINES =
      "SELECT l.session_id, l.sequence, l.component, l.measured, l.unit_price_micros,"
          + " l.amount_micros"
          + " FROM billing.usage_charge c JOIN billing.usage_charge_line l USING (session_id, sequence)"
          + " WHERE c.rated_at >= $1 AND c.rated_at < $2 AND c.rated_micros > 0";

  private final Pool pool;

  public FocusQueries(Pool pool) {
    this.pool = requireNonNull(pool, "pool is null");
  }

  public List<FocusCharge> charges(Instant from, Instant to) {
    Tuple range = Tuple.of(from.atOffset(ZoneOffset.UTC), to.atOffset(ZoneOffset.UTC));
    return ReadOnlySnapshot.read(
        pool,
        s -> {
          Map<String, List<FocusCharge.Line>> lines = new LinkedHashMap<>();
          for (Row r : s.rows(LINES, range, r -> r)) {
            lines
                .computeIfAbsent(key(r.getUUID(0), r.getLong(1)), k -> new ArrayList<>())
                .add(
                    new FocusCharge.Line(r.getString(2), r.getLong(3), r.getLong(4), r.getLong(5)));
          }
          return s.rows(
              CHARGES,
              range,
              r ->
                  new FocusCharge(
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
                      lines.getOrDefault(key(r.getUUID(0), r.getLong(1)), List.of())));
        });
  }

  private static String key(UUID session, long sequence) {
    return session + "/" + sequence;
  }
}
