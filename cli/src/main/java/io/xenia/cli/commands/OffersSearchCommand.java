package io.xenia.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import io.xenia.cli.ExitCodes;
import io.xenia.cli.output.OutputFormat;
import io.xenia.cli.output.Table;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code xenia offers search '<query>'}: one page of {@code GET /v1/offers}. */
@Command(
    name = "search",
    description = {
      "Search machines on offer with the query language, e.g.",
      "  xenia offers search 'cpu>=2 mem>=4GiB region=eu-* price<=0.80'"
    })
public final class OffersSearchCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Parameters(index = "0", paramLabel = "QUERY", description = "the query (quote it)")
  String query;

  @Option(
      names = "--sort",
      paramLabel = "price|rtt",
      description = "price (default) or rtt (needs near=<hostId> in the query)")
  String sort;

  @Option(names = "--explain", description = "show what each term excluded and nearest relaxations")
  boolean explain;

  @Option(names = "--page-size", paramLabel = "N", description = "offers per page, 1..100")
  Integer pageSize;

  @Option(names = "--page", paramLabel = "CURSOR", description = "the next-page cursor printed")
  String page;

  @Option(
      names = "--currency",
      paramLabel = "CODE",
      description = "the index (default: the platform's)")
  String currency;

  @Override
  public Integer call() {
    Map<String, String> parameters = new LinkedHashMap<>();
    parameters.put("q", query);
    parameters.put("sort", sort);
    parameters.put("page", page);
    parameters.put("pageSize", pageSize == null ? null : pageSize.toString());
    parameters.put("currency", currency);
    parameters.put("explain", explain ? "true" : null);
    JsonNode answer = common.client().get("/v1/offers", parameters);
    if (common.output() == OutputFormat.json) {
      Json.print(answer, common.out());
    } else {
      printTable(answer, common.out());
    }
    return ExitCodes.OK;
  }

  private void printTable(JsonNode answer, PrintWriter out) {
    boolean rtt = "rtt".equals(answer.path("sort").asText());
    Table table =
        rtt
            ? new Table(
                "HOST",
                "MACHINE",
                "REGION",
                "CPU",
                "MEM GiB",
                "DISK GiB",
                "GPU",
                "PRICE/H",
                "RTT ms")
            : new Table(
                "HOST", "MACHINE", "REGION", "CPU", "MEM GiB", "DISK GiB", "GPU", "PRICE/H");
    for (JsonNode o : answer.path("offers")) {
      JsonNode available = o.path("available");
      String gpu =
          available.path("gpuCount").asInt() == 0
              ? "-"
              : available.path("gpuCount").asInt() + " " + available.path("gpuModel").asText();
      table.row(
          o.path("hostId").asText().substring(0, Math.min(12, o.path("hostId").asText().length())),
          o.path("machineId").asText(),
          o.path("location").path("region").asText(),
          available.path("cpuCores").asInt(),
          Json.gib(available.path("memoryMiB").asLong()),
          available.path("diskGiB").asLong(),
          gpu,
          Json.money(o.path("prices").path("perHour")),
          Json.text(o, "estimatedRttMillis"));
    }
    if (table.size() > 0) {
      table.print(out);
    }
    int total = answer.path("total").asInt();
    out.println(
        table.size()
            + " of "
            + total
            + (total == 1 ? " offer" : " offers")
            + " matching "
            + answer.path("query").asText()
            + " ("
            + answer.path("currency").asText()
            + ")");
    String next = Json.text(answer, "nextPage");
    if (next != null) {
      out.println("next page: --page " + next);
    }
    JsonNode explanation = answer.path("explanation");
    if (explanation.isObject()) {
      printExplanation(explanation, out);
    }
    out.flush();
  }

  private static void printExplanation(JsonNode e, PrintWriter out) {
    out.println();
    out.println(
        "explain: "
            + e.path("matches").asInt()
            + " matching of "
            + e.path("candidates").asInt()
            + " candidates examined");
    Table terms = new Table("TERM", "EXCLUDED", "ONLY BLOCKER");
    for (JsonNode t : e.path("terms")) {
      terms.row(t.path("term").asText(), t.path("excluded").asInt(), t.path("onlyBlocker").asInt());
    }
    terms.print(out);
    if (e.path("relaxations").size() > 0) {
      out.println("relaxations:");
      for (JsonNode r : e.path("relaxations")) {
        out.println("  " + r.path("description").asText());
      }
    }
  }
}
