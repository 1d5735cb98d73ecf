package io.xenia.cli.commands;

import io.xenia.cli.Xenia;
import io.xenia.cli.api.BrokerClient;
import io.xenia.cli.api.CliConfig;
import io.xenia.cli.output.OutputFormat;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The options every command takes ({@code --output}, {@code --config}) and what commands need from
 * them: the logged-in client, stdout. Mixed into each command; a new command group (sessions,
 * images) mixes it in the same way.
 */
public final class CommonOptions {
  @Spec(Spec.Target.MIXEE)
  private CommandSpec spec;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help message and exit.")
  boolean help;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "table|json",
      description = "table (default) or json: the API's JSON, for scripts",
      defaultValue = "table")
  OutputFormat output;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "the login file (default: $XENIA_CONFIG, else $XDG_CONFIG_HOME/xenia/config.json,"
              + " else ~/.config/xenia/config.json)")
  Path config;

  public OutputFormat output() {
    return output;
  }

  /** The login file this run uses. */
  public Path configPath() {
    if (config != null) {
      return config;
    }
    Xenia root = (Xenia) spec.root().userObject();
    return CliConfig.defaultPath(root.environment());
  }

  /** A client for the broker and key {@code xenia login} stored. */
  public BrokerClient client() {
    CliConfig login = CliConfig.load(configPath());
    return new BrokerClient(login.api(), login.key());
  }

  public PrintWriter err() {
    return spec.commandLine().getErr();
  }

  /** Whether stdout is a terminal (progress redraws one line) or not (plain lines). */
  public boolean interactive() {
    return ((Xenia) spec.root().userObject()).interactive();
  }

  public PrintWriter out() {
    return spec.commandLine().getOut();
  }
}
