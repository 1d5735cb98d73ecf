package io.xenia.billing.reports;

import io.xenia.billing.exports.Csv;
import io.xenia.protocol.money.Money;
import java.util.List;

/**
 * One section of a {@link FinanceReport} as an RFC 4180 CSV document. Money columns are decimal
 * strings ({@link Money#amount()}) beside a currency column; ids are UUIDs; times ISO-8601 UTC.
 * Pure.
 */
public final class ReportCsv {
  private ReportCsv() {}

  public static String of(FinanceReport report, ReportSection section) {
    return switch (section) {
      case REVENUE -> revenue(report);
      case USAGE_BY_RESOURCE -> usageByResource(report);
      case USAGE_BY_REGION -> usageByRegion(report);
      case TOP_CUSTOMERS -> parties(report.topCustomers(), "customer_id");
      case TOP_HOSTS -> parties(report.topHosts(), "host_id");
      case PAYOUTS -> payouts(report);
      case OUTSTANDING_ORDERS -> outstandingOrders(report);
      case OVERRUNS -> overruns(report);
      case DEAD_LETTERS -> deadLetters(report);
      case DISPUTES -> disputes(report);
    };
  }

  private static String revenue(FinanceReport report) {
    Csv csv =
        new Csv(
            List.of("currency", "records", "rated", "charged", "fees", "host_share", "overrun"));
    for (FinanceReport.Revenue r : report.revenue()) {
      csv.row(
          List.of(
              r.currency(),
              r.records(),
              m(r.rated()),
              m(r.charged()),
              m(r.fees()),
              m(r.hostShare()),
              m(r.overrun())));
    }
    return csv.toString();
  }

  private static String usageByResource(FinanceReport report) {
    Csv csv =
        new Csv(
            List.of("component", "currency", "measured", "base_unit", "priced_quantity", "rated"));
    for (FinanceReport.ResourceUsage u : report.usageByResource()) {
      csv.row(
          List.of(
              u.component(),
              u.currency(),
              u.measured(),
              u.baseUnit(),
              u.pricedQuantity(),
              m(u.rated())));
    }
    return csv.toString();
  }

  private static String usageByRegion(FinanceReport report) {
    Csv csv =
        new Csv(List.of("region", "currency", "records", "machine_seconds", "rated", "charged"));
    for (FinanceReport.RegionUsage u : report.usageByRegion()) {
      csv.row(
          List.of(
              u.region(),
              u.currency(),
              u.records(),
              u.machineSeconds(),
              m(u.rated()),
              m(u.charged())));
    }
    return csv.toString();
  }

  private static String parties(List<FinanceReport.PartyTotal> parties, String idColumn) {
    Csv csv = new Csv(List.of(idColumn, "name", "currency", "records", "charged"));
    for (FinanceReport.PartyTotal p : parties) {
      csv.row(List.of(p.id(), p.name(), p.currency(), p.records(), m(p.charged())));
    }
    return csv.toString();
  }

  private static String payouts(FinanceReport report) {
    Csv csv =
        new Csv(List.of("host_operator_id", "name", "currency", "charged", "fees", "payable"));
    for (FinanceReport.HostPayout p : report.payouts()) {
      csv.row(
          List.of(
              p.operatorId(), p.name(), p.currency(), m(p.charged()), m(p.fees()), m(p.payable())));
    }
    return csv.toString();
  }

  private static String outstandingOrders(FinanceReport report) {
    Csv csv =
        new Csv(
            List.of(
                "purchase_order_id",
                "customer_id",
                "customer_name",
                "currency",
                "limit",
                "ring_fenced",
                "expires_at"));
    for (FinanceReport.OrderBalance o : report.outstandingOrders()) {
      csv.row(
          List.of(
              o.orderId(),
              o.customerId(),
              o.customerName(),
              o.currency(),
              m(o.limit()),
              m(o.ringFenced()),
              o.expiresAt()));
    }
    return csv.toString();
  }

  private static String overruns(FinanceReport report) {
    Csv csv =
        new Csv(
            List.of(
                "host_operator_id", "name", "purchase_order_id", "currency", "records", "overrun"));
    for (FinanceReport.Overrun o : report.overruns()) {
      csv.row(
          List.of(
              o.hostOperatorId(),
              o.name(),
              o.orderId(),
              o.currency(),
              o.records(),
              m(o.overrun())));
    }
    return csv.toString();
  }

  private static String deadLetters(FinanceReport report) {
    Csv csv = new Csv(List.of("reason", "count"));
    for (FinanceReport.DeadLetters d : report.deadLetters()) {
      csv.row(List.of(d.reason(), d.count()));
    }
    return csv.toString();
  }

  private static String disputes(FinanceReport report) {
    Csv csv = new Csv(List.of("status", "currency", "count", "disputed_charged", "credited"));
    for (FinanceReport.Disputes d : report.disputes()) {
      csv.row(
          List.of(d.status(), d.currency(), d.count(), m(d.disputedCharged()), m(d.credited())));
    }
    return csv.toString();
  }

  private static String m(Money money) {
    return money.amount();
  }
}
