package io.xenia.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xenia.cli.api.BrokerClient;
import io.xenia.cli.output.OutputFormat;
import io.xenia.cli.output.Table;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code xenia hosts ...}: an operator's fleet (staff: every host). */
@Command(
    name = "hosts",
    mixinStandardHelpOptions = true,
    description = "Your hosts (host operators; admins see all), and fleet queries over them.",
    subcommands = {HostsWhereCommand.class, HostsListCommand.class, HostsShowCommand.class})
public final class HostsCommand {
  /** Every page of {@code GET /v1/hosts} with {@code q} (or none), as one {@code items} array. */
  static ArrayNode all(BrokerClient client, String q, String status) {
    Map<String, String> query = new LinkedHashMap<>();
    query.put("q", q);
    query.put("status", status);
    return client.getAllPages("/v1/hosts", query, 200);
  }

  /** Prints hosts as {@code {"items":[...]}} or a table with a count line. */
  static void print(CommonOptions common, ArrayNode items, String what) {
    if (common.output() == OutputFormat.json) {
      ObjectNode json = BrokerClient.JSON.createObjectNode();
      json.set("items", items);
      Json.print(json, common.out());
      return;
    }
    Table table =
        new Table(
            "ID",
            "NAME",
            "STATUS",
            "REGION",
            "CPU",
            "LOAD",
            "MEM USED",
            "DISK FREE GiB",
            "MACHINES L/F/X/T",
            "VERSION");
    items.forEach(h -> row(table, h));
    PrintWriter out = common.out();
    if (table.size() > 0) {
      table.print(out);
    }
    out.println(items.size() + (items.size() == 1 ? " host" : " hosts") + what);
    out.flush();
  }

  private static void row(Table table, JsonNode h) {
    JsonNode m = h.path("metrics");
    table.row(
        h.path("id").asText(),
        h.path("name").asText(),
        h.path("status").asText(),
        dash(Json.text(m, "region")),
        dash(Json.text(m, "cpuCores")),
        dash(Json.text(m, "cpuLoad")),
        dash(Json.text(m, "memUsed")),
        dash(Json.text(m, "diskFreeGib")),
        dash(Json.text(m, "machinesLeased"))
            + "/"
            + dash(Json.text(m, "machinesFree"))
            + "/"
            + dash(Json.text(m, "machinesFailed"))
            + "/"
            + dash(Json.text(h, "machinesTotal")),
        dash(Json.text(m, "version")));
  }

  /** One host, every field on its own line. */
  static void printOne(JsonNode h, PrintWriter out) {
    Table t = new Table("FIELD", "VALUE");
    for (String f :
        new String[] {
          "id",
          "name",
          "status",
          "accountId",
          "hostPublicKey",
          "enrolledAt",
          "lastSeenAt",
          "statusChangedAt",
          "machinesTotal",
          "machinesReady",
          "controlEndpoint",
          "revokedAt",
          "revocationReason"
        }) {
      String v = Json.text(h, f);
      if (v != null) {
        t.row(f, v);
      }
    }
    JsonNode m = h.path("metrics");
    if (m.isObject()) {
      m.fieldNames()
          .forEachRemaining(
              f -> {
                String v = Json.text(m, f);
                if (v != null) {
                  t.row("metrics." + f, v);
                }
              });
    }
    t.print(out);
    out.flush();
  }

  private static String dash(String s) {
    return s == null ? "-" : s;
  }
}
