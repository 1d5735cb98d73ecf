package io.xenia.billing.periods;

import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.xenia.billing.persistence.Query;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The statements of a period's close, run inside its transaction: they turn the period's charges
 * ({@code billing.usage_charge} and its lines) into invoices, payout statements and revenue, then
 * check that the three agree with the charges to the micro-unit.
 */
final class CloseStatements {
  private CloseStatements() {}

  /**
   * Inserts during a close must wait for it, and a close must see every insert that committed
   * before it: SHARE ROW EXCLUSIVE conflicts with the inserters' ROW EXCLUSIVE (and with itself, so
   * closes take turns). An insert that waited then meets usage_charge_in_open_period (V002) and is
   * refused.
   */
  private static final String LOCK_CHARGES =
      "LOCK TABLE billing.usage_charge IN SHARE ROW EXCLUSIVE MODE";

  private static final String COMPONENT_TABLE =
      "CREATE TEMP TABLE close_component (customer_account_id uuid, currency char(3), session_id"
          + " uuid, purchase_order_id uuid, host_operator_id uuid, component text, records bigint,"
          + " measured bigint, rated bigint, charged bigint, fee bigint) ON COMMIT DROP";

  /**
   * Per record and component: its rated amount, and its share of the record's charge and fee, in
   * proportion to the component's rated amount, rounded down, the rest of the record's charge (and
   * fee) on its largest component (ties by name) — so the lines of a record add up to exactly what
   * was charged. A record without lines is one 'usage' component. Then summed per customer, session
   * and component.
   */
  private static final String COMPONENTS =
      "INSERT INTO close_component WITH rec AS ("
          + " SELECT c.session_id, c.sequence, c.customer_account_id, c.currency,"
          + " c.purchase_order_id, c.host_operator_id, c.rated_micros, c.charged_micros,"
          + " c.fee_micros FROM billing.usage_charge c WHERE c.rated_at >= $1 AND c.rated_at < $2),"
          + " comp AS (SELECT r.*, coalesce(l.component, 'usage') AS component,"
          + " coalesce(l.measured, 0) AS measured,"
          + " coalesce(l.amount_micros, r.rated_micros) AS amount FROM rec r"
          + " LEFT JOIN billing.usage_charge_line l"
          + " ON l.session_id = r.session_id AND l.sequence = r.sequence),"
          + " ranked AS (SELECT comp.*,"
          + " sum(amount) OVER (PARTITION BY session_id, sequence) AS record_amount,"
          + " row_number() OVER (PARTITION BY session_id, sequence"
          + " ORDER BY amount DESC, component) AS rank FROM comp),"
          + " floors AS (SELECT ranked.*,"
          + " CASE WHEN record_amount = 0 THEN 0"
          + " ELSE floor(charged_micros::numeric * amount / record_amount) END AS charged_floor,"
          + " CASE WHEN record_amount = 0 THEN 0"
          + " ELSE floor(fee_micros::numeric * amount / record_amount) END AS fee_floor"
          + " FROM ranked),"
          + " shares AS (SELECT floors.*,"
          + " charged_floor + CASE WHEN rank = 1 THEN charged_micros"
          + " - sum(charged_floor) OVER (PARTITION BY session_id, sequence) ELSE 0 END AS charged,"
          + " fee_floor + CASE WHEN rank = 1 THEN fee_micros"
          + " - sum(fee_floor) OVER (PARTITION BY session_id, sequence) ELSE 0 END AS fee"
          + " FROM floors)"
          + " SELECT customer_account_id, currency, session_id, purchase_order_id,"
          + " host_operator_id, component, count(*), sum(measured), sum(amount), sum(charged),"
          + " sum(fee) FROM shares"
          + " GROUP BY customer_account_id, currency, session_id, purchase_order_id,"
          + " host_operator_id, component";

  private static final String INVOICES =
      "INSERT INTO billing.invoice (id, period_id, customer_account_id, currency, rated_micros,"
          + " charged_micros, uncharged_micros, issued_at)"
          + " SELECT billing.uuid_v7(), $1, customer_account_id, currency, sum(rated),"
          + " sum(charged), sum(rated) - sum(charged), $2 FROM close_component"
          + " GROUP BY customer_account_id, currency ORDER BY customer_account_id, currency";

  private static final String INVOICE_LINES =
      "INSERT INTO billing.invoice_line (id, invoice_id, session_id, purchase_order_id,"
          + " host_operator_id, component, records, measured, rated_micros, charged_micros,"
          + " fee_micros, uncharged_micros)"
          + " SELECT billing.uuid_v7(), i.id, c.session_id, c.purchase_order_id,"
          + " c.host_operator_id, c.component, c.records, c.measured, c.rated, c.charged, c.fee,"
          + " c.rated - c.charged FROM close_component c JOIN billing.invoice i"
          + " ON i.period_id = $1 AND i.customer_account_id = c.customer_account_id"
          + " AND i.currency = c.currency ORDER BY i.id, c.session_id, c.component";

  private static final String STATEMENTS =
      "INSERT INTO billing.payout_statement (id, period_id, host_operator_id, currency,"
          + " charged_micros, fee_micros, payable_micros, uncharged_micros, issued_at)"
          + " SELECT billing.uuid_v7(), $1, host_operator_id, currency, sum(charged_micros),"
          + " sum(fee_micros), sum(charged_micros - fee_micros), sum(rated_micros -"
          + " charged_micros), $2 FROM billing.usage_charge WHERE rated_at >= $3 AND rated_at < $4"
          + " GROUP BY host_operator_id, currency ORDER BY host_operator_id, currency";

  private static final String STATEMENT_LINES =
      "INSERT INTO billing.payout_statement_line (statement_id, session_id, records,"
          + " charged_micros, fee_micros, payable_micros, uncharged_micros)"
          + " SELECT s.id, c.session_id, count(*), sum(c.charged_micros), sum(c.fee_micros),"
          + " sum(c.charged_micros - c.fee_micros), sum(c.rated_micros - c.charged_micros)"
          + " FROM billing.usage_charge c JOIN billing.payout_statement s ON s.period_id = $1"
          + " AND s.host_operator_id = c.host_operator_id AND s.currency = c.currency"
          + " WHERE c.rated_at >= $2 AND c.rated_at < $3 GROUP BY s.id, c.session_id";

  private static final String REVENUE =
      "INSERT INTO billing.period_revenue (period_id, currency, records, rated_micros,"
          + " charged_micros, fee_micros, host_payable_micros, uncharged_micros)"
          + " SELECT $1, currency, count(*), sum(rated_micros), sum(charged_micros),"
          + " sum(fee_micros), sum(charged_micros - fee_micros), sum(rated_micros -"
          + " charged_micros) FROM billing.usage_charge WHERE rated_at >= $2 AND rated_at < $3"
          + " GROUP BY currency";

  static void build(SqlConnection c, BillingPeriod p, Instant now) {
    Query.run(c, LOCK_CHARGES);
    Query.run(c, COMPONENT_TABLE);
    Query.run(c, COMPONENTS, p.start(), p.end());
    Query.run(c, INVOICES, p.id(), now);
    Query.run(c, INVOICE_LINES, p.id());
    Query.run(c, STATEMENTS, p.id(), now, p.start(), p.end());
    Query.run(c, STATEMENT_LINES, p.id(), p.start(), p.end());
    Query.run(c, REVENUE, p.id(), p.start(), p.end());
    checkSums(c, p);
  }

  private static final String CHARGED =
      "SELECT currency, sum(charged_micros) AS s FROM billing.usage_charge"
          + " WHERE rated_at >= $1 AND rated_at < $2 GROUP BY currency";

  /** What the close made, each summed per currency; each must equal {@link #CHARGED}. */
  private static final List<String> MADE =
      List.of(
          "SELECT currency, sum(charged_micros) AS s FROM billing.invoice WHERE period_id = $1"
              + " GROUP BY currency",
          "SELECT i.currency, sum(l.charged_micros) AS s FROM billing.invoice_line l"
              + " JOIN billing.invoice i ON i.id = l.invoice_id WHERE i.period_id = $1"
              + " GROUP BY i.currency",
          "SELECT currency, sum(charged_micros) AS s FROM billing.payout_statement"
              + " WHERE period_id = $1 GROUP BY currency",
          "SELECT currency, charged_micros::numeric AS s FROM billing.period_revenue"
              + " WHERE period_id = $1");

  /**
   * Charged per currency: the charges, the invoices, their lines, the statements and the revenue
   * must agree; a difference is a bug, and the close is rolled back rather than made wrong.
   */
  private static void checkSums(SqlConnection c, BillingPeriod p) {
    Map<String, Long> expected = sums(Query.run(c, CHARGED, p.start(), p.end()));
    for (String sql : MADE) {
      Map<String, Long> made = sums(Query.run(c, sql, p.id()));
      if (!expected.equals(made)) {
        throw new IllegalStateException(
            "closing period " + p.id() + ": charged " + expected + " but " + made + " from " + sql);
      }
    }
  }

  private static Map<String, Long> sums(Iterable<Row> rows) {
    Map<String, Long> sums = new HashMap<>();
    for (Row row : rows) {
      sums.put(row.getString("currency").trim(), row.getNumeric("s").longValue());
    }
    return sums;
  }
}
