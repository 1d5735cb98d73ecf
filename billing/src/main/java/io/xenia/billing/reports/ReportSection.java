package io.xenia.billing.reports;

import java.util.Arrays;
import java.util.Optional;

/**
 * The sections of a {@link FinanceReport}; the slug is the JSON field name's CSV twin and the file
 * name of the section's CSV export ({@code <slug>.csv}).
 */
public enum ReportSection {
  REVENUE("revenue"),
  USAGE_BY_RESOURCE("usage-by-resource"),
  USAGE_BY_REGION("usage-by-region"),
  TOP_CUSTOMERS("top-customers"),
  TOP_HOSTS("top-hosts"),
  PAYOUTS("payouts"),
  OUTSTANDING_ORDERS("outstanding-orders"),
  OVERRUNS("overruns"),
  DEAD_LETTERS("dead-letters"),
  DISPUTES("disputes");

  private final String slug;

  ReportSection(String slug) {
    this.slug = slug;
  }

  public String slug() {
    return slug;
  }

  public static Optional<ReportSection> fromSlug(String slug) {
    return Arrays.stream(values()).filter(s -> s.slug.equals(slug)).findFirst();
  }
}
