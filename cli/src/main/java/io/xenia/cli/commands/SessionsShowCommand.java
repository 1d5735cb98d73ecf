package io.xenia.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import io.xenia.cli.ExitCodes;
import io.xenia.cli.api.BrokerClient;
import io.xenia.cli.output.OutputFormat;
import io.xenia.cli.output.Table;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code xenia sessions show ID [--events]}: one session, and optionally its history. */
@Command(name = "show", description = "Show one session: state, reason, money, lease, SSH.")
public final class SessionsShowCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin CommonOptions common;

  @Parameters(index = "0", paramLabel = "ID", description = "the session's id")
  String id;

  @Option(names = "--events", description = "also its events (with -o json: an events member)")
  boolean events;

  @Override
  public Integer call() {
    String sid = Ids.uuid(spec, "ID", id);
    BrokerClient client = common.client();
    JsonNode session = client.get("/v1/sessions/" + sid, Map.of());
    JsonNode history = events ? client.get("/v1/sessions/" + sid + "/events", Map.of()) : null;
    if (common.output() == OutputFormat.json) {
      if (history != null) {
        var json = session.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) json).set("events", history);
        Json.print(json, common.out());
      } else {
        Json.print(session, common.out());
      }
      return ExitCodes.OK;
    }
    SessionsCommand.print(session, common.out());
    if (history != null) {
      common.out().println();
      Table t = new Table("AT", "EVENT", "REASON", "DETAIL");
      history.forEach(
          e ->
              t.row(
                  e.path("at").asText(),
                  e.path("kind").asText(),
                  Json.text(e, "reason"),
                  Json.text(e, "detail")));
      t.print(common.out());
    }
    return ExitCodes.OK;
  }
}
