package io.xenia.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xenia.cli.ExitCodes;
import io.xenia.cli.agreements.AgreementVerification;
import io.xenia.cli.api.ApiProblem;
import io.xenia.cli.api.BrokerClient;
import io.xenia.cli.output.OutputFormat;
import io.xenia.cli.output.Table;
import io.xenia.protocol.records.Agreement;
import io.xenia.protocol.records.LeaseEnd;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code xenia sessions agreement ID [--verify]}: the agreement in force, as the host signed it and
 * the broker countersigned it; with {@code --verify} both signatures are checked here, with the
 * platform's own canonical encoding, so the customer need not trust the broker's word.
 */
@Command(
    name = "agreement",
    description = {
      "Show a session's signed agreement (machine, price, lease, your key);",
      "--verify checks the host's and the broker's signatures locally (exit 6 if they fail)."
    })
public final class SessionsAgreementCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin CommonOptions common;

  @Parameters(index = "0", paramLabel = "ID", description = "the session's id")
  String id;

  @Option(names = "--verify", description = "verify both signatures and the keys locally")
  boolean verify;

  @Override
  public Integer call() {
    String sid = Ids.uuid(spec, "ID", id);
    BrokerClient client = common.client();
    JsonNode answer = client.get("/v1/sessions/" + sid + "/agreement", Map.of());
    Optional<String> enrolled = verify ? enrolledHostKey(client, sid) : Optional.empty();
    var result =
        AgreementVerification.verify(
            answer.path("envelope").asText(),
            answer.path("hostPublicKey").asText(),
            answer.path("brokerPublicKey").asText(),
            sid,
            enrolled);
    boolean bad = verify && !result.verified();
    if (common.output() == OutputFormat.json) {
      ObjectNode json = answer.deepCopy();
      if (verify) {
        json.put("verified", result.verified());
        json.set("checks", BrokerClient.JSON.valueToTree(result.checks()));
        json.set("failures", BrokerClient.JSON.valueToTree(result.failures()));
        json.put("hostKeyEnrolledChecked", enrolled.isPresent());
      }
      Json.print(json, common.out());
    } else {
      PrintWriter out = common.out();
      result.agreement().ifPresent(a -> print(a, out));
      if (verify) {
        out.println();
        result.checks().forEach(c -> out.println("ok: " + c));
        if (enrolled.isEmpty()) {
          out.println(
              "not checked: the host's enrolled key (the broker does not show you the host)");
        }
        out.println(result.verified() ? "verified" : "NOT VERIFIED");
      } else {
        out.println("(not verified: add --verify to check the signatures)");
      }
      out.flush();
    }
    if (bad) {
      PrintWriter err = common.err();
      result.failures().forEach(f -> err.println("error: " + f));
      err.flush();
      return ExitCodes.NOT_VERIFIED;
    }
    return ExitCodes.OK;
  }

  /** The session's host's enrolled key, if the caller may read the host (operators, staff). */
  private static Optional<String> enrolledHostKey(BrokerClient client, String sid) {
    JsonNode session = client.get("/v1/sessions/" + sid, Map.of());
    String hostId = Json.text(session, "hostId");
    if (hostId == null) {
      return Optional.empty();
    }
    try {
      return Optional.ofNullable(
          Json.text(client.get("/v1/hosts/" + hostId, Map.of()), "hostPublicKey"));
    } catch (ApiProblem e) {
      if (e.status() == 403 || e.status() == 404) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private static void print(Agreement a, PrintWriter out) {
    Table t = new Table("FIELD", "VALUE");
    t.row("agreement", a.agreementId());
    t.row("session", a.sessionId());
    t.row("host", a.hostId());
    t.row("machine", a.machineId());
    t.row(
        "resources",
        a.resources().cpuCores()
            + " cpu, "
            + Json.gib(a.resources().memoryMiB())
            + " GiB mem, "
            + a.resources().diskGiB()
            + " GiB disk");
    t.row("price", a.prices().perHour().amount() + " " + a.prices().currency() + "/h");
    t.row("lease start", a.notBefore().toString());
    t.row(
        "lease end", a.end() instanceof LeaseEnd.Fixed f ? f.notAfter().toString() : "open-ended");
    t.row("customer", a.customerAccountId());
    t.row(
        "customer key",
        a.customerPublicKey().fingerprint() + " (" + a.customerPublicKey().toBase64Url() + ")");
    t.row("purchase order", a.purchaseOrderId());
    t.row("terms", a.termsVersion());
    t.print(out);
  }
}
