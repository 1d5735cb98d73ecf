package io.xenia.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import io.xenia.cli.ExitCodes;
import io.xenia.cli.output.OutputFormat;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code xenia sessions end ID}: ends the lease (reason {@code customer}; {@code admin} for an
 * administrator's key — the API decides the reason from the caller, so there is no --reason).
 * Ending an ended session shows it as it is.
 */
@Command(name = "end", description = "End a session; its hold goes back to the purchase order.")
public final class SessionsEndCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin CommonOptions common;

  @Parameters(index = "0", paramLabel = "ID", description = "the session's id")
  String id;

  @Override
  public Integer call() {
    JsonNode session = common.client().delete("/v1/sessions/" + Ids.uuid(spec, "ID", id));
    if (common.output() == OutputFormat.json) {
      Json.print(session, common.out());
    } else {
      SessionsCommand.print(session, common.out());
    }
    return ExitCodes.OK;
  }
}
