package io.xenia.cli.commands;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xenia.cli.ExitCodes;
import io.xenia.cli.api.BrokerClient;
import io.xenia.cli.output.OutputFormat;
import io.xenia.cli.output.Table;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code xenia images list}: every page, oldest first. */
@Command(name = "list", description = "List your images, oldest first.")
public final class ImagesListCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Override
  public Integer call() {
    ArrayNode items = all(common.client());
    if (common.output() == OutputFormat.json) {
      ObjectNode json = BrokerClient.JSON.createObjectNode();
      json.set("items", items);
      Json.print(json, common.out());
    } else {
      Table table = ImagesCommand.table();
      items.forEach(i -> ImagesCommand.row(table, i));
      table.print(common.out());
    }
    return ExitCodes.OK;
  }

  static ArrayNode all(BrokerClient client) {
    return client.getAllPages("/v1/images", Map.of(), 100);
  }
}
