package io.xenia.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.xenia.cli.ExitCodes;
import io.xenia.cli.api.BrokerClient;
import io.xenia.cli.output.Progress;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pure: how a followed session becomes an exit code and a progress line. No IO. */
class SessionProgressTest {
  private static JsonNode session(String state, String reason) {
    var s = BrokerClient.JSON.createObjectNode().put("state", state);
    if (reason != null) {
      s.put("endReason", reason);
    }
    return s;
  }

  @Test
  void exitCodesOfAFollowedGroup() {
    assertEquals(
        ExitCodes.OK,
        SessionsCreateCommand.exitFor(
            List.of(session("running", null), session("running", null)), false));
    assertEquals(
        ExitCodes.UNAVAILABLE,
        SessionsCreateCommand.exitFor(
            List.of(session("running", null), session("provisioning", null)), false));
    assertEquals(
        ExitCodes.OK, SessionsCreateCommand.exitFor(List.of(session("provisioning", null)), true));
    assertEquals(
        ExitCodes.UNAVAILABLE,
        SessionsCreateCommand.exitFor(List.of(session("failed", "provisioning-failed")), false));
    assertEquals(
        ExitCodes.UNAVAILABLE,
        SessionsCreateCommand.exitFor(List.of(session("ended", "host-unreachable")), false));
    assertEquals(
        ExitCodes.REFUSED,
        SessionsCreateCommand.exitFor(List.of(session("ended", "funds-exhausted")), false));
    assertEquals(
        ExitCodes.REFUSED,
        SessionsCreateCommand.exitFor(List.of(session("ended", "customer")), true));
  }

  @Test
  void summaryCountsStates() {
    assertEquals(
        "2 running, 1 provisioning",
        SessionsCreateCommand.summary(
            List.of(
                session("running", null),
                session("provisioning", null),
                session("running", null))));
  }

  @Test
  void progressRedrawsOnATerminalAndPrintsLinesElsewhere() {
    StringWriter tty = new StringWriter();
    Progress p = new Progress(new PrintWriter(tty), true);
    p.update("1 provisioning  3s");
    p.update("1 provisioning  3s");
    p.update("1 running  4s");
    p.done();
    assertEquals(
        "\r1 provisioning  3s\r1 running  4s     " + System.lineSeparator(), tty.toString());
    StringWriter log = new StringWriter();
    Progress plain = new Progress(new PrintWriter(log), false);
    plain.update("admitted");
    plain.update("admitted");
    plain.update("running");
    plain.done();
    assertEquals(
        "admitted" + System.lineSeparator() + "running" + System.lineSeparator(), log.toString());
    assertEquals("[#####.....] 50%", Progress.bar(5, 10, 10));
    assertEquals("[..........] 0%", Progress.bar(0, 9, 10));
  }
}
