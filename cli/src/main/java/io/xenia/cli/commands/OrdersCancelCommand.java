package io.xenia.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import io.xenia.cli.ExitCodes;
import io.xenia.cli.output.OutputFormat;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code xenia orders cancel ID}: closes an open order and releases what it did not spend. */
@Command(
    name = "cancel",
    description = "Cancel an open purchase order, releasing what it did not spend.")
public final class OrdersCancelCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin CommonOptions common;

  @Parameters(index = "0", paramLabel = "ID", description = "the order's id")
  String id;

  @Override
  public Integer call() {
    if (!id.matches("[0-9a-fA-F-]{36}")) {
      throw new ParameterException(
          spec.commandLine(), "ID: '" + id + "' is not an order id (a UUID)");
    }
    JsonNode order = common.client().post("/v1/purchase-orders/" + id + "/cancel", null, Map.of());
    if (common.output() == OutputFormat.json) {
      Json.print(order, common.out());
    } else {
      OrdersCommand.print(order, common.out());
    }
    return ExitCodes.OK;
  }
}
