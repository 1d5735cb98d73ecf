package io.xenia.cli.output;

/** {@code --output}: aligned columns for people, or the API's JSON for scripts. */
public enum OutputFormat {
  table,
  json
}
