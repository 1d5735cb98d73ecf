package io.xenia.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenia.cli.api.CliConfig;
import io.xenia.cli.output.Table;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exit-code mapping, the login file's place and round trip, and table layout, without a broker.
 */
class ExitCodesAndConfigTest {
  @Test
  void httpStatusesMapToTheDocumentedExitCodes() {
    assertEquals(ExitCodes.USAGE, ExitCodes.forStatus(400));
    assertEquals(ExitCodes.REFUSED, ExitCodes.forStatus(401));
    assertEquals(ExitCodes.REFUSED, ExitCodes.forStatus(403));
    assertEquals(ExitCodes.NOT_FOUND, ExitCodes.forStatus(404));
    assertEquals(ExitCodes.OTHER, ExitCodes.forStatus(405));
    assertEquals(ExitCodes.REFUSED, ExitCodes.forStatus(409));
    assertEquals(ExitCodes.REFUSED, ExitCodes.forStatus(410));
    assertEquals(ExitCodes.REFUSED, ExitCodes.forStatus(422));
    assertEquals(ExitCodes.OTHER, ExitCodes.forStatus(500));
    assertEquals(ExitCodes.UNAVAILABLE, ExitCodes.forStatus(502));
    assertEquals(ExitCodes.UNAVAILABLE, ExitCodes.forStatus(503));
    assertEquals(ExitCodes.UNAVAILABLE, ExitCodes.forStatus(504));
  }

  @Test
  void theLoginFileIsFoundByXeniaConfigThenXdgThenHome() {
    assertEquals(
        Path.of("/etc/x.json"),
        CliConfig.defaultPath(Map.of("XENIA_CONFIG", "/etc/x.json", "XDG_CONFIG_HOME", "/xdg")));
    assertEquals(
        Path.of("/xdg/xenia/config.json"),
        CliConfig.defaultPath(Map.of("XDG_CONFIG_HOME", "/xdg")));
    assertEquals(
        Path.of(System.getProperty("user.home"), ".config", "xenia", "config.json"),
        CliConfig.defaultPath(Map.of()));
  }

  @Test
  void aStoredLoginReadsBackAndABrokenOneAsksToLogIn(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("a/b/config.json");
    CliConfig login = new CliConfig(URI.create("http://127.0.0.1:8080"), "xk_abc");
    login.store(file);
    assertEquals(login, CliConfig.load(file));
    login.store(file); // overwriting works too
    assertEquals(1, Files.list(file.getParent()).count(), "no temporary file left behind");

    Files.writeString(file, "{\"api\":\"http://x\"}");
    var e = assertThrows(CliConfig.NotLoggedIn.class, () -> CliConfig.load(file));
    assertTrue(e.getMessage().contains("login"), e.getMessage());
    Files.writeString(file, "not json");
    assertThrows(CliConfig.NotLoggedIn.class, () -> CliConfig.load(file));
    assertThrows(CliConfig.NotLoggedIn.class, () -> CliConfig.load(dir.resolve("none.json")));
  }

  @Test
  void tablesAlignColumnsAndShowMissingValuesAsDashes() {
    StringWriter out = new StringWriter();
    new Table("ID", "PRICE", "NOTE")
        .row("a", "0.40 EUR", null)
        .row("bbbb", "12.00 EUR", "x")
        .print(new PrintWriter(out));
    assertEquals(
        "ID    PRICE      NOTE\na     0.40 EUR   -\nbbbb  12.00 EUR  x\n",
        out.toString().replace(System.lineSeparator(), "\n"));
  }
}
