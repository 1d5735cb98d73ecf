package io.xenia.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xenia.cli.ExitCodes;
import io.xenia.cli.api.BrokerClient;
import io.xenia.cli.output.OutputFormat;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code xenia sessions resize ID [--cpus N] [--memory-mib M]}: where the host's driver can. */
@Command(
    name = "resize",
    description = "Resize a running session (CPU cores, memory) where the host's driver can.")
public final class SessionsResizeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin CommonOptions common;

  @Parameters(index = "0", paramLabel = "ID", description = "the session's id")
  String id;

  @Option(names = "--cpus", paramLabel = "N", description = "CPU cores")
  Integer cpus;

  @Option(names = "--memory-mib", paramLabel = "MIB", description = "memory in MiB")
  Long memoryMib;

  @Override
  public Integer call() {
    String sid = Ids.uuid(spec, "ID", id);
    if (cpus == null && memoryMib == null) {
      throw new ParameterException(spec.commandLine(), "give --cpus, --memory-mib or both");
    }
    ObjectNode body = BrokerClient.JSON.createObjectNode();
    if (cpus != null) {
      body.put("cpus", cpus);
    }
    if (memoryMib != null) {
      body.put("memoryMib", memoryMib);
    }
    JsonNode session = common.client().patch("/v1/sessions/" + sid, body);
    if (common.output() == OutputFormat.json) {
      Json.print(session, common.out());
    } else {
      SessionsCommand.print(session, common.out());
    }
    return ExitCodes.OK;
  }
}
