package io.xenia.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import io.xenia.cli.output.Table;
import java.io.PrintWriter;
import picocli.CommandLine.Command;

/** {@code xenia sessions ...}: leases of whole machines. */
@Command(
    name = "sessions",
    mixinStandardHelpOptions = true,
    description = "Sessions: machines leased under a signed agreement, paid by a purchase order.",
    subcommands = {
      SessionsCreateCommand.class,
      SessionsListCommand.class,
      SessionsShowCommand.class,
      SessionsEndCommand.class,
      SessionsResizeCommand.class,
      SessionsExtendCommand.class,
      SessionsAgreementCommand.class
    })
public final class SessionsCommand {
  static Table table() {
    return new Table("ID", "STATE", "REASON", "MACHINE", "PRICE/H", "ACCRUED", "LEASE END", "SSH");
  }

  static void row(Table table, JsonNode s) {
    table.row(
        s.path("id").asText(),
        s.path("state").asText(),
        // A paused session has no end reason yet: show until when it waits for money.
        s.path("graceUntil").isTextual()
            ? "grace until " + s.path("graceUntil").asText()
            : Json.text(s, "endReason"),
        s.path("machineId").asText(),
        Json.money(s.path("pricePerHour")),
        Json.money(s.path("accrued")),
        Json.text(s, "leaseEnd"),
        connection(s));
  }

  /** {@code user@host:port}, or null before the session runs. */
  static String connection(JsonNode s) {
    JsonNode c = s.path("connection");
    if (!c.isObject()) {
      return null;
    }
    return c.path("user").asText() + "@" + c.path("host").asText() + ":" + c.path("port").asInt();
  }

  /** One session, every field a person needs, one per line. */
  static void print(JsonNode s, PrintWriter out) {
    Table t = new Table("FIELD", "VALUE");
    t.row("id", s.path("id").asText());
    t.row("group", Json.text(s, "groupId"));
    t.row("state", s.path("state").asText());
    t.row("end reason", Json.text(s, "endReason"));
    if (s.path("pausedAt").isTextual()) {
      // Paused: its purchase order ran out; it resumes if the order's limit is raised in time.
      t.row("paused at", s.path("pausedAt").asText());
      t.row("grace until", Json.text(s, "graceUntil"));
    }
    t.row("purchase order", Json.text(s, "purchaseOrderId"));
    t.row("host", Json.text(s, "hostId"));
    t.row("machine", Json.text(s, "machineId"));
    t.row("agreement", Json.text(s, "agreementId"));
    t.row("price per hour", Json.money(s.path("pricePerHour")));
    t.row("held", Json.money(s.path("reserved")));
    t.row("accrued", Json.money(s.path("accrued")));
    t.row("spent", Json.money(s.path("spent")));
    t.row("lease start", Json.text(s, "leaseStart"));
    t.row("lease end", s.path("leaseEnd").isTextual() ? s.path("leaseEnd").asText() : "open");
    t.row("ssh", connection(s));
    t.row("ended at", Json.text(s, "endedAt"));
    t.print(out);
  }
}
