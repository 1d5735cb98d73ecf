package io.xenia.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xenia.cli.ExitCodes;
import io.xenia.cli.api.BrokerClient;
import io.xenia.cli.output.OutputFormat;
import io.xenia.cli.output.Progress;
import io.xenia.cli.output.Table;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code xenia sessions create --order ID (--host ID --machine M | --query Q [--count N])}: leases
 * machines, then follows their events until every one runs (exit 0, the SSH details printed) or one
 * fails or ends (exit 4 or 5, with the reason).
 */
@Command(
    name = "create",
    description =
        "Lease a machine (or a group), then follow it until it is ready for SSH, failed or ended.")
public final class SessionsCreateCommand implements Callable<Integer> {
  /** How often the events are polled while waiting. */
  static final Duration POLL = Duration.ofMillis(500);

  @Spec CommandSpec spec;
  @Mixin CommonOptions common;

  @Option(
      names = "--order",
      required = true,
      paramLabel = "ID",
      description = "the open purchase order that pays")
  String order;

  @Option(names = "--host", paramLabel = "ID", description = "with --machine: this host's machine")
  String host;

  @Option(names = "--machine", paramLabel = "ID", description = "the machine id of its offer")
  String machine;

  @Option(
      names = {"-q", "--query"},
      paramLabel = "QUERY",
      description = "or any machines matching this offer query, e.g. 'cpu>=2 region=eu-*'")
  String query;

  @Option(names = "--count", paramLabel = "N", description = "with --query: how many (1..16)")
  Integer count;

  @Option(names = "--distinct-owners", description = "group: no two machines of one operator")
  boolean distinctOwners;

  @Option(names = "--same-region", description = "group: every machine in one region")
  boolean sameRegion;

  @Option(
      names = "--ssh-key",
      paramLabel = "FILE",
      description = {
        "your ssh-ed25519 public key (default ~/.ssh/id_ed25519.pub); repeat it for more keys:",
        "the first is the agreement's, every one can log in"
      })
  List<Path> sshKeys = new ArrayList<>();

  @Option(
      names = "--max-rtt",
      paramLabel = "MS",
      description = "group (--count > 1): every pair of machines' hosts within this RTT in ms")
  Long maxRtt;

  @Option(
      names = "--duration",
      paramLabel = "DURATION",
      description = "a fixed lease: 30m, 12h, 7d (default: open-ended, held hour by hour)")
  String duration;

  @Option(
      names = "--image",
      paramLabel = "ID",
      description = "boot this registered image of yours (images push; must be available)")
  String image;

  @Option(names = "--no-wait", description = "return once admitted; do not follow provisioning")
  boolean noWait;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "10m",
      description = "how long to wait for running (default 10m); then exit 5")
  String timeout;

  @Override
  public Integer call() {
    ObjectNode body = request();
    Duration wait = Durations.parse(spec, "--timeout", timeout);
    BrokerClient client = common.client();
    JsonNode created = client.post("/v1/sessions", body, Map.of());
    List<String> ids = new ArrayList<>();
    created.path("sessions").forEach(s -> ids.add(s.path("id").asText()));
    Map<String, JsonNode> latest = new LinkedHashMap<>();
    created.path("sessions").forEach(s -> latest.put(s.path("id").asText(), s));
    if (!noWait) {
      follow(client, ids, latest, wait);
    }
    ObjectNode result = BrokerClient.JSON.createObjectNode();
    result.set("groupId", created.path("groupId"));
    ArrayNode sessions = result.putArray("sessions");
    latest.values().forEach(sessions::add);
    if (common.output() == OutputFormat.json) {
      Json.print(result, common.out());
    } else {
      Table table = SessionsCommand.table();
      latest.values().forEach(s -> SessionsCommand.row(table, s));
      table.print(common.out());
      for (JsonNode s : latest.values()) {
        JsonNode c = s.path("connection");
        if (c.isObject()) {
          common
              .out()
              .println(
                  "ssh -p "
                      + c.path("port").asInt()
                      + " "
                      + c.path("user").asText()
                      + "@"
                      + c.path("host").asText()
                      + "    (or: xenia ssh "
                      + s.path("id").asText()
                      + ")");
        }
      }
      common.out().flush();
    }
    return exitFor(latest.values(), noWait);
  }

  /** 0 when every session runs (or, with --no-wait, is live); else why the first one did not. */
  static int exitFor(Iterable<JsonNode> sessions, boolean noWait) {
    for (JsonNode s : sessions) {
      String state = s.path("state").asText();
      if (state.equals("failed") || state.equals("ended")) {
        String reason = s.path("endReason").asText("");
        // A host that vanished or could not provision: another attempt may land elsewhere.
        return reason.equals("host-unreachable") || reason.equals("provisioning-failed")
            ? ExitCodes.UNAVAILABLE
            : ExitCodes.REFUSED;
      }
      if (!noWait && !state.equals("running")) {
        return ExitCodes.UNAVAILABLE; // still provisioning when --timeout ran out
      }
    }
    return ExitCodes.OK;
  }

  /** Polls each session's events and state until all run, one is final, or time runs out. */
  private void follow(
      BrokerClient client, List<String> ids, Map<String, JsonNode> latest, Duration wait) {
    Progress progress = new Progress(common.err(), common.interactive());
    Map<String, Long> after = new LinkedHashMap<>();
    Instant start = Instant.now();
    Instant deadline = start.plus(wait);
    try {
      while (true) {
        boolean allRunning = true;
        boolean anyFinal = false;
        for (String id : ids) {
          // The state first, then the events: the broker records a state's event with the state,
          // so the events read afterwards include the one for the state seen (the other order
          // could stop at "running" without having printed it).
          JsonNode s = client.get("/v1/sessions/" + id, Map.of());
          latest.put(id, s);
          JsonNode events =
              client.get(
                  "/v1/sessions/" + id + "/events",
                  after.containsKey(id) ? Map.of("after", Long.toString(after.get(id))) : Map.of());
          JsonNode list = events.isArray() ? events : events.path("items");
          for (JsonNode e : list) {
            after.put(id, e.path("id").asLong());
            if (!common.interactive()) {
              progress.update(eventLine(id, e, ids.size() > 1));
            }
          }
          String state = s.path("state").asText();
          allRunning &= state.equals("running");
          anyFinal |= state.equals("failed") || state.equals("ended");
        }
        long seconds = Duration.between(start, Instant.now()).toSeconds();
        if (common.interactive()) {
          progress.update(summary(latest.values()) + "  " + seconds + "s");
        }
        if (allRunning || anyFinal || Instant.now().isAfter(deadline)) {
          return;
        }
        Thread.sleep(POLL.toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      progress.done();
    }
  }

  private static String eventLine(String id, JsonNode e, boolean group) {
    StringBuilder line = new StringBuilder();
    line.append(e.path("at").asText()).append("  ");
    if (group) {
      line.append(id, 0, 8).append("  ");
    }
    line.append(e.path("kind").asText());
    if (e.path("reason").isTextual()) {
      line.append(" (").append(e.path("reason").asText()).append(")");
    }
    if (e.path("detail").isTextual()) {
      line.append(": ").append(e.path("detail").asText());
    }
    return line.toString();
  }

  /** {@code 2 running, 1 provisioning}. */
  static String summary(Iterable<JsonNode> sessions) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (String state : List.of("running", "provisioning", "admitted", "requested")) {
      counts.put(state, 0);
    }
    sessions.forEach(s -> counts.merge(s.path("state").asText(), 1, Integer::sum));
    StringBuilder line = new StringBuilder();
    counts.forEach(
        (state, n) -> {
          if (n > 0) {
            line.append(line.length() == 0 ? "" : ", ").append(n).append(' ').append(state);
          }
        });
    return line.toString();
  }

  private ObjectNode request() {
    boolean byMachine = host != null || machine != null;
    if (byMachine == (query != null)) {
      throw new ParameterException(
          spec.commandLine(), "give either --host and --machine, or --query");
    }
    if (byMachine && (host == null || machine == null)) {
      throw new ParameterException(spec.commandLine(), "--host and --machine go together");
    }
    if (byMachine && (count != null || distinctOwners || sameRegion || maxRtt != null)) {
      throw new ParameterException(
          spec.commandLine(),
          "--count, --distinct-owners, --same-region and --max-rtt need --query");
    }
    ObjectNode body = BrokerClient.JSON.createObjectNode();
    body.put("purchaseOrderId", Ids.uuid(spec, "--order", order));
    if (byMachine) {
      body.put("hostId", Ids.uuid(spec, "--host", host));
      body.put("machineId", machine);
    } else {
      body.put("query", query);
      if (count != null) {
        body.put("count", count);
      }
      if (distinctOwners) {
        body.put("distinctOwners", true);
      }
      if (sameRegion) {
        body.put("sameRegion", true);
      }
      if (maxRtt != null) {
        body.put("maxRttMillis", maxRtt);
      }
    }
    if (image != null) {
      body.put("imageId", Ids.uuid(spec, "--image", image));
    }
    var keys = body.putArray("sshPublicKeys");
    if (sshKeys.isEmpty()) {
      keys.add(publicKey(Path.of(System.getProperty("user.home"), ".ssh", "id_ed25519.pub")));
    }
    sshKeys.forEach(f -> keys.add(publicKey(f)));
    if (duration != null) {
      body.put("durationSeconds", Durations.parse(spec, "--duration", duration).toSeconds());
    }
    return body;
  }

  private String publicKey(Path file) {
    try {
      String key = Files.readString(file, StandardCharsets.UTF_8).strip();
      if (!key.startsWith("ssh-")) {
        throw new ParameterException(
            spec.commandLine(), "--ssh-key: " + file + " is not an OpenSSH public key");
      }
      return key;
    } catch (IOException e) {
      throw new ParameterException(
          spec.commandLine(),
          "--ssh-key: cannot read "
              + file
              + " ("
              + e.getClass().getSimpleName()
              + "); make one with ssh-keygen -t ed25519");
    }
  }
}
