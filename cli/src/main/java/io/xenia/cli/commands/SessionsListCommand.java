package io.xenia.cli.commands;

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

/** {@code xenia sessions list [--state running]}: every page, oldest first. */
@Command(name = "list", description = "List your sessions, oldest first.")
public final class SessionsListCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(
      names = "--state",
      paramLabel = "STATE",
      description = "only these: requested, admitted, provisioning, running, paused, failed, ended")
  String state;

  @Override
  public Integer call() {
    BrokerClient client = common.client();
    Map<String, String> query = new LinkedHashMap<>();
    query.put("state", state);
    ArrayNode items = client.getAllPages("/v1/sessions", query, 100);
    if (common.output() == OutputFormat.json) {
      ObjectNode json = BrokerClient.JSON.createObjectNode();
      json.set("items", items);
      Json.print(json, common.out());
    } else {
      Table table = SessionsCommand.table();
      items.forEach(s -> SessionsCommand.row(table, s));
      table.print(common.out());
    }
    return ExitCodes.OK;
  }
}
