package io.xenia.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xenia.cli.ExitCodes;
import io.xenia.cli.api.BrokerClient;
import io.xenia.cli.output.OutputFormat;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code xenia orders create --amount 50.00 [--currency EUR] [--expires-in 30d]}. */
@Command(
    name = "create",
    description = "Open a purchase order: ring-fence an amount of your funds until it expires.")
public final class OrdersCreateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin CommonOptions common;

  @Option(
      names = "--amount",
      required = true,
      paramLabel = "DECIMAL",
      description = "the limit, a decimal like 50.00 (never rounded)")
  String amount;

  @Option(
      names = "--currency",
      paramLabel = "CODE",
      defaultValue = "EUR",
      description = "ISO 4217 (default EUR)")
  String currency;

  @Option(
      names = "--expires-in",
      paramLabel = "DURATION",
      description = "how long it stays open: 90m, 12h, 30d (default 30d)")
  String expiresIn;

  @Option(
      names = "--expires-at",
      paramLabel = "INSTANT",
      description = "or when it closes (ISO 8601)")
  String expiresAt;

  @Option(names = "--description", paramLabel = "TEXT", description = "for your records")
  String description;

  @Option(
      names = "--idempotency-key",
      paramLabel = "KEY",
      description = "repeat the command with the same key to get the same order, not a second one")
  String idempotencyKey;

  @Override
  public Integer call() {
    if (expiresIn != null && expiresAt != null) {
      throw new ParameterException(
          spec.commandLine(), "give --expires-in or --expires-at, not both");
    }
    Instant expiry =
        expiresAt != null
            ? instant(expiresAt)
            : Instant.now()
                .truncatedTo(ChronoUnit.SECONDS)
                .plus(duration(expiresIn == null ? "30d" : expiresIn));
    ObjectNode body = BrokerClient.JSON.createObjectNode();
    ObjectNode limit = body.putObject("amountLimit");
    limit.put("amount", amount);
    limit.put("currency", currency);
    body.put("expiresAt", expiry.toString());
    if (description != null) {
      body.put("description", description);
    }
    JsonNode order =
        common
            .client()
            .post(
                "/v1/purchase-orders",
                body,
                idempotencyKey == null ? Map.of() : Map.of("Idempotency-Key", idempotencyKey));
    if (common.output() == OutputFormat.json) {
      Json.print(order, common.out());
    } else {
      OrdersCommand.print(order, common.out());
    }
    return ExitCodes.OK;
  }

  private Instant instant(String text) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new ParameterException(
          spec.commandLine(),
          "--expires-at: '" + text + "' is not an instant like 2027-01-31T12:00:00Z");
    }
  }

  /** {@code 90m}, {@code 12h}, {@code 30d}: a whole number and one unit. */
  Duration duration(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    if (t.matches("[1-9][0-9]{0,5}[mhd]")) {
      long n = Long.parseLong(t.substring(0, t.length() - 1));
      return switch (t.charAt(t.length() - 1)) {
        case 'm' -> Duration.ofMinutes(n);
        case 'h' -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      };
    }
    throw new ParameterException(
        spec.commandLine(), "--expires-in: '" + text + "' is not a duration like 90m, 12h or 30d");
  }
}
