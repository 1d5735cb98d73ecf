package io.xenia.cli.commands;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Ids on the command line are UUIDs; anything else is a usage error before any request. */
final class Ids {
  private Ids() {}

  static String uuid(CommandSpec spec, String what, String text) {
    if (text == null || !text.matches("[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}")) {
      throw new ParameterException(
          spec.commandLine(), what + ": '" + text + "' is not an id (a UUID)");
    }
    return text.toLowerCase(java.util.Locale.ROOT);
  }
}
