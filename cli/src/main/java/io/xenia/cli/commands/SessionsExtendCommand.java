package io.xenia.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xenia.cli.ExitCodes;
import io.xenia.cli.api.BrokerClient;
import io.xenia.cli.output.OutputFormat;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code xenia sessions extend ID (--by 2h | --until INSTANT)}: moves a fixed lease's end; the
 * extra time is held on the purchase order before the host is asked.
 */
@Command(name = "extend", description = "Extend (or shorten) a running session's fixed lease.")
public final class SessionsExtendCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin CommonOptions common;

  @Parameters(index = "0", paramLabel = "ID", description = "the session's id")
  String id;

  @Option(names = "--by", paramLabel = "DURATION", description = "from its current end: 30m, 2h")
  String by;

  @Option(names = "--until", paramLabel = "INSTANT", description = "the new end (ISO 8601)")
  String until;

  @Override
  public Integer call() {
    String sid = Ids.uuid(spec, "ID", id);
    if ((by == null) == (until == null)) {
      throw new ParameterException(spec.commandLine(), "give --by or --until");
    }
    Instant end;
    if (until != null) {
      try {
        end = Instant.parse(until);
      } catch (DateTimeParseException e) {
        throw new ParameterException(
            spec.commandLine(),
            "--until: '" + until + "' is not an instant like 2027-01-31T12:00:00Z");
      }
    } else {
      java.time.Duration extra = Durations.parse(spec, "--by", by);
      BrokerClient client = common.client();
      JsonNode current = client.get("/v1/sessions/" + sid, Map.of());
      if (!current.path("leaseEnd").isTextual()) {
        throw new ParameterException(
            spec.commandLine(), "the session is open-ended: it runs until ended or out of funds");
      }
      end = Instant.parse(current.path("leaseEnd").asText()).plus(extra);
    }
    ObjectNode body = BrokerClient.JSON.createObjectNode();
    body.put("leaseEnd", end.toString());
    JsonNode session = common.client().patch("/v1/sessions/" + sid, body);
    if (common.output() == OutputFormat.json) {
      Json.print(session, common.out());
    } else {
      SessionsCommand.print(session, common.out());
    }
    return ExitCodes.OK;
  }
}
