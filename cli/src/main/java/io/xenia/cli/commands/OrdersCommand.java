package io.xenia.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import io.xenia.cli.output.Table;
import java.io.PrintWriter;
import picocli.CommandLine.Command;

/** {@code xenia orders ...}: purchase orders, the money a lease draws on. */
@Command(
    name = "orders",
    mixinStandardHelpOptions = true,
    description = "Purchase orders: ring-fenced money that leases draw on.",
    subcommands = {OrdersCreateCommand.class, OrdersListCommand.class, OrdersCancelCommand.class})
public final class OrdersCommand {
  /** The columns every orders command prints. */
  static Table table() {
    return new Table("ID", "STATUS", "LIMIT", "REMAINING", "SPENT", "EXPIRES", "DESCRIPTION");
  }

  static void row(Table table, JsonNode order) {
    table.row(
        order.path("id").asText(),
        order.path("status").asText(),
        Json.money(order.path("amountLimit")),
        Json.money(order.path("remaining")),
        Json.money(order.path("spent")),
        order.path("expiresAt").asText(),
        Json.text(order, "description"));
  }

  static void print(JsonNode order, PrintWriter out) {
    Table table = table();
    row(table, order);
    table.print(out);
  }
}
