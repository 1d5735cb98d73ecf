package io.xenia.billing.rating;

import static java.util.Objects.requireNonNull;

import io.xenia.protocol.money.Money;
import java.util.List;

/** What one usage record is worth under its agreement: the lines and their sum. */
public record Rating(List<RatedLine> lines, Money total) {
  public Rating {
    lines = List.copyOf(lines);
    requireNonNull(total, "total is null");
  }
}
