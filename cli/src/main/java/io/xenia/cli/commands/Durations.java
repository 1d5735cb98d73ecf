package io.xenia.cli.commands;

import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** {@code 90s}, {@code 30m}, {@code 12h}, {@code 7d}: a whole number and one unit. */
final class Durations {
  private Durations() {}

  static Duration parse(CommandSpec spec, String option, String text) {
    String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
    if (t.matches("[1-9][0-9]{0,6}[smhd]")) {
      long n = Long.parseLong(t.substring(0, t.length() - 1));
      return switch (t.charAt(t.length() - 1)) {
        case 's' -> Duration.ofSeconds(n);
        case 'm' -> Duration.ofMinutes(n);
        case 'h' -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      };
    }
    throw new ParameterException(
        spec.commandLine(), option + ": '" + text + "' is not a duration like 90s, 30m, 12h or 7d");
  }
}
