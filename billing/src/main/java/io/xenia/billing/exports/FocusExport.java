package io.xenia.billing.exports;

import static java.util.Objects.requireNonNull;

import io.xenia.protocol.money.Money;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.List;

/**
 * A FinOps FOCUS 1.0 style cost and usage export: one CSV row per charged component of each usage
 * record (machine time, egress, ...), with the FOCUS columns that apply to leasing whole machines
 * (docs/billing.md "Exports (CSV, FOCUS)" says which and why the others are left out) and three
 * {@code x_} columns of our own. Costs are decimal strings in the billing currency. Pure.
 *
 * <p>ListCost and ContractedCost are the line at the agreed price (an agreement is both the list
 * and the contract: there are no negotiated discounts); BilledCost and EffectiveCost are what the
 * purchase order paid of it ({@link ChargeAllocation}), less only when the order ran out.
 */
public final class FocusExport {
  /** The columns, in order. */
  public static final List<String> COLUMNS =
      List.of(
          "BilledCost",
          "BillingAccountId",
          "BillingAccountName",
          "BillingCurrency",
          "BillingPeriodEnd",
          "BillingPeriodStart",
          "ChargeCategory",
          "ChargeClass",
          "ChargeDescription",
          "ChargeFrequency",
          "ChargePeriodEnd",
          "ChargePeriodStart",
          "ConsumedQuantity",
          "ConsumedUnit",
          "ContractedCost",
          "ContractedUnitPrice",
          "EffectiveCost",
          "InvoiceIssuerName",
          "ListCost",
          "ListUnitPrice",
          "PricingCategory",
          "PricingQuantity",
          "PricingUnit",
          "ProviderName",
          "PublisherName",
          "RegionId",
          "RegionName",
          "ResourceId",
          "ResourceName",
          "ResourceType",
          "ServiceCategory",
          "ServiceName",
          "SkuId",
          "SkuPriceId",
          "SubAccountId",
          "SubAccountName",
          "x_HostId",
          "x_UsageSequence",
          "x_Overrun");

  static final String SERVICE_NAME = "Machine leasing";
  static final String RESOURCE_TYPE = "Leased machine";

  private final String platformName;

  /**
   * @param platformName the marketplace, as ProviderName and InvoiceIssuerName
   */
  public FocusExport(String platformName) {
    this.platformName = requireNonNull(platformName, "platformName is null");
  }

  /**
   * The CSV document for {@code charges}, billed in the period {@code [periodStart, periodEnd)}.
   */
  public String csv(Instant periodStart, Instant periodEnd, List<FocusCharge> charges) {
    StringBuilder out = new StringBuilder();
    write(out, periodStart, periodEnd, charges::forEach);
    return out.toString();
  }

  /** Where charges come from, one by one (a database cursor: an export may be millions of rows). */
  @FunctionalInterface
  public interface Source {
    void forEach(java.util.function.Consumer<FocusCharge> each);
  }

  /** Streams the CSV document of {@code source}'s charges to {@code out}. */
  public void write(Appendable out, Instant periodStart, Instant periodEnd, Source source) {
    Csv csv = new Csv(out, COLUMNS);
    source.forEach(
        charge -> {
          for (List<Object> row : rows(periodStart, periodEnd, charge)) {
            csv.row(row);
          }
        });
  }

  /** By component name: the order ties are broken in ({@link ChargeAllocation}). */
  static List<FocusCharge.Line> byComponent(List<FocusCharge.Line> lines) {
    List<FocusCharge.Line> ordered = new ArrayList<>(lines);
    ordered.sort(Comparator.comparing(FocusCharge.Line::component));
    return ordered;
  }

  List<List<Object>> rows(Instant periodStart, Instant periodEnd, FocusCharge c) {
    Currency currency = Currency.getInstance(c.currency());
    List<FocusCharge.Line> lines = byComponent(c.lines());
    List<Long> paid =
        ChargeAllocation.allocate(
            c.chargedMicros(), lines.stream().map(FocusCharge.Line::amountMicros).toList());
    List<List<Object>> rows = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      FocusCharge.Line l = lines.get(i);
      ComponentUnits units = ComponentUnits.of(l.component());
      String listCost = money(currency, l.amountMicros());
      String billed = money(currency, paid.get(i));
      String unitPrice = money(currency, l.unitPriceMicros());
      List<Object> row = new ArrayList<>(COLUMNS.size());
      row.add(billed); // BilledCost
      row.add(c.customerId()); // BillingAccountId
      row.add(c.customerName()); // BillingAccountName
      row.add(c.currency()); // BillingCurrency
      row.add(periodEnd); // BillingPeriodEnd
      row.add(periodStart); // BillingPeriodStart
      row.add("Usage"); // ChargeCategory
      row.add(null); // ChargeClass: not a correction
      row.add(
          l.component()
              + " of session "
              + c.sessionId()
              + " on host "
              + c.hostName()
              + ": "
              + units.pricedQuantity(l.measured())
              + " "
              + units.focusPricingUnit()
              + " at "
              + unitPrice
              + " "
              + c.currency()); // ChargeDescription
      row.add("Usage-Based"); // ChargeFrequency
      row.add(c.intervalEnd()); // ChargePeriodEnd
      row.add(c.intervalStart()); // ChargePeriodStart
      row.add(l.measured()); // ConsumedQuantity
      row.add(units.focusConsumedUnit()); // ConsumedUnit
      row.add(listCost); // ContractedCost
      row.add(unitPrice); // ContractedUnitPrice
      row.add(billed); // EffectiveCost
      row.add(platformName); // InvoiceIssuerName
      row.add(listCost); // ListCost
      row.add(unitPrice); // ListUnitPrice
      row.add("Standard"); // PricingCategory
      row.add(units.pricedQuantity(l.measured())); // PricingQuantity
      row.add(units.focusPricingUnit()); // PricingUnit
      row.add(platformName); // ProviderName
      row.add(c.hostOperatorName()); // PublisherName
      row.add(c.region()); // RegionId
      row.add(c.region()); // RegionName
      row.add(c.sessionId()); // ResourceId
      row.add("session " + c.sessionId() + " on " + c.hostName()); // ResourceName
      row.add(RESOURCE_TYPE); // ResourceType
      row.add("Compute"); // ServiceCategory
      row.add(SERVICE_NAME); // ServiceName
      row.add(l.component()); // SkuId
      row.add(c.agreementId() + "/" + l.component()); // SkuPriceId
      row.add(c.purchaseOrderId()); // SubAccountId
      row.add("purchase order " + c.purchaseOrderId()); // SubAccountName
      row.add(c.hostId()); // x_HostId
      row.add(c.sequence()); // x_UsageSequence
      row.add(money(currency, l.amountMicros() - paid.get(i))); // x_Overrun
      rows.add(row);
    }
    return rows;
  }

  private static String money(Currency currency, long micros) {
    return Money.ofMicros(currency, micros).amount();
  }
}
