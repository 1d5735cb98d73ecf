package io.xenia.broker.common;

import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import io.xenia.broker.problems.ProblemType;
import io.xenia.broker.problems.XeniaException;
import io.xenia.protocol.money.Money;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

/**
 * Money on the wire: a decimal string and an ISO 4217 code, never a JSON number, so that no client
 * parses it into floating point.
 */
@Serdeable
@Schema(name = "Money")
public record MoneyAmount(
    @NotBlank
        @Pattern(regexp = "-?[0-9]{1,13}(\\.[0-9]{1,6})?", message = "must be a decimal like 12.50")
        @Schema(example = "100.00")
        String amount,
    @NotBlank
        @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code like EUR")
        @Schema(example = "EUR")
        String currency) {

  public static MoneyAmount of(Money money) {
    return new MoneyAmount(money.amount(), money.currency().getCurrencyCode());
  }

  /**
   * The amount as Money, refused unless it is positive and a whole number of the currency's minor
   * units (cents for EUR): the amounts people commit are ones a bank could move.
   */
  public Money toPositiveMoney(String field) {
    return toMoney(field, false);
  }

  /** As {@link #toPositiveMoney}, but zero is allowed too. */
  public Money toNonNegativeMoney(String field) {
    return toMoney(field, true);
  }

  private Money toMoney(String field, boolean zeroAllowed) {
    Money money;
    try {
      money = Money.parse(currency, amount);
    } catch (IllegalArgumentException e) {
      throw XeniaException.invalidField(field, e.getMessage());
    }
    if (money.isNegative() || (money.isZero() && !zeroAllowed)) {
      throw XeniaException.invalidField(
          field + ".amount", zeroAllowed ? "must not be negative" : "must be positive");
    }
    if (!money.isWholeMinorUnits()) {
      throw new XeniaException(
              ProblemType.CURRENCY_NOT_ALLOWED,
              money
                  + " has more decimals than "
                  + money.currency().getCurrencyCode()
                  + " allows ("
                  + money.currency().getDefaultFractionDigits()
                  + ")")
          .withFieldError(field + ".amount", "too many decimals for the currency");
    }
    return money;
  }
}
