package io.xenia.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xenia.cli.ExitCodes;
import io.xenia.cli.api.BrokerClient;
import io.xenia.cli.output.OutputFormat;
import io.xenia.cli.output.Table;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code xenia orders list [--status open]}: every page, oldest first. */
@Command(name = "list", description = "List your purchase orders, oldest first.")
public final class OrdersListCommand implements Callable<Integer> {
  /** A bound on pages fetched, so that a broker bug cannot loop the command forever. */
  static final int MAX_PAGES = 1000;

  @Mixin CommonOptions common;

  @Option(names = "--status", paramLabel = "open|cancelled|expired", description = "only these")
  String status;

  @Override
  public Integer call() {
    BrokerClient client = common.client();
    ArrayNode items = BrokerClient.JSON.createArrayNode();
    String token = null;
    for (int pages = 0; pages < MAX_PAGES; pages++) {
      Map<String, String> query = new LinkedHashMap<>();
      query.put("status", status);
      query.put("pageToken", token);
      query.put("limit", "100");
      JsonNode page = client.get("/v1/purchase-orders", query);
      page.path("items").forEach(items::add);
      token = Json.text(page, "nextPageToken");
      if (token == null) {
        break;
      }
    }
    if (common.output() == OutputFormat.json) {
      ObjectNode json = BrokerClient.JSON.createObjectNode();
      json.set("items", items);
      Json.print(json, common.out());
    } else {
      Table table = OrdersCommand.table();
      items.forEach(order -> OrdersCommand.row(table, order));
      table.print(common.out());
    }
    return ExitCodes.OK;
  }
}
