package io.xenia.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import io.xenia.cli.ExitCodes;
import io.xenia.cli.output.OutputFormat;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code xenia hosts show ID}: one host, its liveness and latest metrics. */
@Command(name = "show", description = "Show one host: status, liveness, latest metrics.")
public final class HostsShowCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin CommonOptions common;

  @Parameters(index = "0", paramLabel = "ID", description = "the host's id")
  String id;

  @Override
  public Integer call() {
    JsonNode host = common.client().get("/v1/hosts/" + Ids.uuid(spec, "ID", id), Map.of());
    if (common.output() == OutputFormat.json) {
      Json.print(host, common.out());
    } else {
      HostsCommand.printOne(host, common.out());
    }
    return ExitCodes.OK;
  }
}
