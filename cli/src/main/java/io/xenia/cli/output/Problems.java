package io.xenia.cli.output;

import com.fasterxml.jackson.databind.JsonNode;
import io.xenia.cli.api.ApiProblem;
import io.xenia.cli.api.BrokerClient;
import java.io.PrintWriter;

/**
 * Prints a broker's problem answer on stderr: for people, the title, the type, the detail, the bad
 * fields and, for a query, the caret under the bad token; for scripts ({@code --output json}), the
 * problem document itself on one line.
 */
public final class Problems {
  private Problems() {}

  public static void print(ApiProblem problem, OutputFormat format, PrintWriter err) {
    JsonNode p = problem.problem();
    if (format == OutputFormat.json) {
      err.println(p.toString());
      err.flush();
      return;
    }
    err.println(
        "error: "
            + p.path("title").asText("HTTP " + problem.status())
            + " ("
            + problem.slug()
            + ", HTTP "
            + problem.status()
            + ")");
    String detail = p.path("detail").asText("");
    if (!detail.isEmpty()) {
      err.println("  " + detail);
    }
    if (p.has("caret")) {
      for (String line : p.path("caret").asText().split("\n")) {
        err.println("    " + line);
      }
    }
    for (JsonNode e : p.path("errors")) {
      err.println("  - " + e.path("field").asText() + ": " + e.path("message").asText());
    }
    if (p.has("requiredScope")) {
      err.println("  the key needs the scope " + p.path("requiredScope").asText());
    }
    err.flush();
  }

  /** An error of the CLI itself (not a broker answer), in the same two forms. */
  public static void print(String kind, String message, OutputFormat format, PrintWriter err) {
    if (format == OutputFormat.json) {
      var json = BrokerClient.JSON.createObjectNode();
      json.put("error", kind);
      json.put("detail", message);
      err.println(json.toString());
    } else {
      err.println("error: " + message);
    }
    err.flush();
  }
}
