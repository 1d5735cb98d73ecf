package io.xenia.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import io.xenia.cli.ExitCodes;
import io.xenia.cli.output.Problems;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code xenia ssh ID [-i KEY] [-- command...]}: runs the real {@code ssh} with the session's
 * connection, attached to this terminal; its exit code is ssh's.
 */
@Command(
    name = "ssh",
    description = "Log into a running session with ssh (its exit code is ssh's).")
public final class SshCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin CommonOptions common;

  @Parameters(index = "0", paramLabel = "SESSION", description = "the session's id")
  String id;

  @Parameters(index = "1..*", paramLabel = "COMMAND", description = "run this instead of a shell")
  List<String> command = new ArrayList<>();

  @Option(
      names = {"-i", "--identity"},
      paramLabel = "FILE",
      description = "the private key (ssh's -i)")
  Path identity;

  @Option(names = "--print", description = "print the ssh command line instead of running it")
  boolean print;

  @Override
  public Integer call() throws IOException, InterruptedException {
    JsonNode session =
        common.client().get("/v1/sessions/" + Ids.uuid(spec, "SESSION", id), Map.of());
    JsonNode c = session.path("connection");
    if (!session.path("state").asText().equals("running") || !c.isObject()) {
      Problems.print(
          "session-not-running",
          "session "
              + id
              + " is "
              + session.path("state").asText()
              + (session.path("endReason").isTextual()
                  ? " (" + session.path("endReason").asText() + ")"
                  : "")
              + ": there is nothing to log into",
          common.output(),
          common.err());
      return ExitCodes.REFUSED;
    }
    List<String> argv =
        arguments(
            c.path("host").asText(),
            c.path("port").asInt(),
            c.path("user").asText(),
            identity,
            command);
    if (print) {
      common.out().println(String.join(" ", argv));
      common.out().flush();
      return ExitCodes.OK;
    }
    Process ssh = new ProcessBuilder(argv).inheritIO().start();
    return ssh.waitFor();
  }

  /** {@code ssh -p PORT [-i KEY] user@host [--] [command...]}. */
  public static List<String> arguments(
      String host, int port, String user, Path identity, List<String> command) {
    List<String> argv = new ArrayList<>(List.of("ssh", "-p", Integer.toString(port)));
    if (identity != null) {
      argv.add("-i");
      argv.add(identity.toString());
    }
    argv.add(user + "@" + host);
    if (!command.isEmpty()) {
      argv.add("--");
      argv.addAll(command);
    }
    return argv;
  }
}
