package io.xenia.cli.commands;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.xenia.cli.api.BrokerClient;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;

/** Small helpers for printing API answers. */
final class Json {
  private Json() {}

  /** The API's JSON, pretty-printed, for {@code --output json}. */
  static void print(JsonNode node, PrintWriter out) {
    try {
      out.println(BrokerClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node));
      out.flush();
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code {"amount":"12.50","currency":"EUR"}} as {@code 12.50 EUR}; money stays a string. */
  static String money(JsonNode money) {
    if (money == null || money.isMissingNode() || money.isNull()) {
      return null;
    }
    return money.path("amount").asText() + " " + money.path("currency").asText();
  }

  /** MiB as GiB, exactly (1536 → 1.5). */
  static String gib(long mib) {
    return new BigDecimal(mib)
        .divide(BigDecimal.valueOf(1024))
        .stripTrailingZeros()
        .toPlainString();
  }

  /** A text member, or null when absent. */
  static String text(JsonNode node, String member) {
    JsonNode v = node.path(member);
    return v.isMissingNode() || v.isNull() ? null : v.asText();
  }
}
