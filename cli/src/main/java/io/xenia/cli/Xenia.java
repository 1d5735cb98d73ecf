package io.xenia.cli;

import io.xenia.cli.api.ApiProblem;
import io.xenia.cli.api.BrokerUnreachable;
import io.xenia.cli.api.CliConfig;
import io.xenia.cli.commands.HostsCommand;
import io.xenia.cli.commands.ImagesCommand;
import io.xenia.cli.commands.LoginCommand;
import io.xenia.cli.commands.OffersCommand;
import io.xenia.cli.commands.OrdersCommand;
import io.xenia.cli.commands.SessionsCommand;
import io.xenia.cli.commands.SshCommand;
import io.xenia.cli.output.OutputFormat;
import io.xenia.cli.output.Problems;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParseResult;

/**
 * {@code xenia}, the customer's command line over the broker's REST API. Each command group is a
 * class in {@code commands/} registered below. Failures become the exit codes of {@link ExitCodes}.
 */
@Command(
    name = "xenia",
    mixinStandardHelpOptions = true,
    version = "xenia 0.1.0",
    description = "Lease whole machines on the Xenia marketplace.",
    subcommands = {
      LoginCommand.class,
      OffersCommand.class,
      OrdersCommand.class,
      SessionsCommand.class,
      SshCommand.class,
      ImagesCommand.class,
      HostsCommand.class,
      CommandLine.HelpCommand.class
    },
    footer = {
      "",
      "Exit codes: 0 ok, 1 other error, 2 usage or invalid input, 3 not found,",
      "4 refused (authentication, scope, conflict, funds), 5 broker or search unavailable,",
      "6 a signed agreement that does not verify."
    })
public final class Xenia implements Runnable {
  private final Map<String, String> environment;
  private final boolean interactive;
  private CommandLine commandLine;

  Xenia(Map<String, String> environment, boolean interactive) {
    this.environment = Map.copyOf(environment);
    this.interactive = interactive;
  }

  /** Whether a person watches a terminal: progress redraws one line instead of printing lines. */
  public boolean interactive() {
    return interactive;
  }

  /** The environment this run reads ({@code XENIA_CONFIG}, {@code XDG_CONFIG_HOME}). */
  public Map<String, String> environment() {
    return environment;
  }

  /** {@code xenia} alone prints the usage and exits 2. */
  @Override
  public void run() {
    throw new CommandLine.ParameterException(commandLine, "name a command");
  }

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    System.exit(run(args, out, err, System.getenv(), System.console() != null));
  }

  /** What one command line did: its exit code and everything it printed. */
  public record Outcome(int exit, String out, String err) {
    /** The standard output read as JSON (for {@code -o json} runs). */
    public com.fasterxml.jackson.databind.JsonNode json() throws IOException {
      return io.xenia.cli.api.BrokerClient.JSON.readTree(out);
    }
  }

  /**
   * Runs one command line (not on a terminal) and keeps what it printed: for embedding and tests.
   */
  public static Outcome runCapturing(Map<String, String> environment, String... args) {
    java.io.StringWriter out = new java.io.StringWriter();
    java.io.StringWriter err = new java.io.StringWriter();
    int exit = run(args, new PrintWriter(out), new PrintWriter(err), environment);
    return new Outcome(exit, out.toString(), err.toString());
  }

  /** Runs one command line; returns its exit code. */
  public static int run(
      String[] args, PrintWriter out, PrintWriter err, Map<String, String> environment) {
    return run(args, out, err, environment, false);
  }

  /** Runs one command line, on a terminal or not; returns its exit code. */
  public static int run(
      String[] args,
      PrintWriter out,
      PrintWriter err,
      Map<String, String> environment,
      boolean interactive) {
    Xenia root = new Xenia(environment, interactive);
    CommandLine cli = new CommandLine(root);
    root.commandLine = cli;
    cli.setOut(out);
    cli.setErr(err);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setExecutionExceptionHandler(Xenia::handle);
    return cli.execute(args);
  }

  /** Maps what a command threw to a message on stderr and an exit code. */
  private static int handle(Exception e, CommandLine command, ParseResult parsed) {
    OutputFormat format = outputOf(parsed);
    PrintWriter err = command.getErr();
    if (e instanceof ApiProblem p) {
      Problems.print(p, format, err);
      return ExitCodes.forStatus(p.status());
    }
    if (e instanceof BrokerUnreachable u) {
      Problems.print("unreachable", u.getMessage(), format, err);
      return ExitCodes.UNAVAILABLE;
    }
    if (e instanceof CliConfig.NotLoggedIn n) {
      Problems.print("not-logged-in", n.getMessage(), format, err);
      return ExitCodes.REFUSED;
    }
    if (e instanceof IOException || e instanceof UncheckedIOException) {
      Problems.print("io", String.valueOf(e.getMessage()), format, err);
      return ExitCodes.OTHER;
    }
    Problems.print("internal", e.toString(), format, err);
    return ExitCodes.OTHER;
  }

  private static OutputFormat outputOf(ParseResult parsed) {
    ParseResult last = parsed;
    while (last.hasSubcommand()) {
      last = last.subcommand();
    }
    return last.matchedOptionValue("--output", OutputFormat.table);
  }
}
