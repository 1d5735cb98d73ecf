package io.xenia.hostdaemon.cli;

import io.xenia.hostdaemon.enroll.EnrollCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code host-daemon}: the command line. Exit codes: 0 success, 1 a check failed (e.g. {@code audit
 * verify} found a broken chain), 2 bad usage or input.
 */
@Command(
    name = "host-daemon",
    mixinStandardHelpOptions = true,
    description = "Runs beside a host operator's machines: admits, provisions, wipes, heals.",
    subcommands = {
      RunCommand.class,
      AuditCommand.class,
      EnrollCommand.class,
      CommandLine.HelpCommand.class
    })
public final class HostDaemonMain implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line, for tests and embedding. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new HostDaemonMain());
    cl.setExitCodeExceptionMapper(e -> 2);
    // A failure at run time (a driver missing from the class path, a data dir held by another
    // daemon) is reported in one line, not as a stack trace.
    cl.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          commandLine.getErr().println("host-daemon: " + e.getMessage());
          return 2;
        });
    return cl;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
  }
}
