package io.xenia.cli.commands;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xenia.cli.ExitCodes;
import io.xenia.cli.api.ApiProblem;
import io.xenia.cli.api.BrokerClient;
import io.xenia.cli.api.CliConfig;
import io.xenia.cli.output.OutputFormat;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code xenia login --api URL --key KEY}: checks the key against the broker, then stores both in
 * the login file (0600). A key the broker does not know is refused and nothing is stored.
 */
@Command(
    name = "login",
    description = "Check an API key against the broker and remember both (file mode 0600).")
public final class LoginCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin CommonOptions common;

  @Option(
      names = "--api",
      required = true,
      paramLabel = "URL",
      description = "the broker, e.g. http://127.0.0.1:8080")
  String api;

  @Option(
      names = "--key",
      required = true,
      paramLabel = "KEY",
      description = "the API key (xk_...); - reads it from stdin, keeping it out of shell history")
  String key;

  @Override
  public Integer call() throws IOException {
    URI uri = parseApi();
    String token = key.equals("-") ? readStdin() : key.strip();
    if (!token.startsWith("xk_")) {
      throw new ParameterException(spec.commandLine(), "--key: an API key starts with xk_");
    }
    BrokerClient client = new BrokerClient(uri, token);
    // No endpoint says "who am I"; any authenticated read tells a known key (200, or 403 for a
    // key without orders:read) from an unknown, revoked or expired one (401).
    try {
      client.get("/v1/purchase-orders", Map.of("limit", "1"));
    } catch (ApiProblem p) {
      if (p.status() != 403) {
        throw p;
      }
    }
    new CliConfig(uri, token).store(common.configPath());
    if (common.output() == OutputFormat.json) {
      ObjectNode json = BrokerClient.JSON.createObjectNode();
      json.put("api", uri.toString());
      json.put("config", common.configPath().toString());
      Json.print(json, common.out());
    } else {
      common.out().println("Logged in to " + uri + " (saved in " + common.configPath() + ")");
      common.out().flush();
    }
    return ExitCodes.OK;
  }

  private URI parseApi() {
    try {
      URI uri = URI.create(api.strip());
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          || uri.getHost() == null) {
        throw new IllegalArgumentException("not an http(s) URL");
      }
      return uri;
    } catch (IllegalArgumentException e) {
      throw new ParameterException(
          spec.commandLine(), "--api: '" + api + "' is not an http(s) URL like http://host:8080");
    }
  }

  private static String readStdin() throws IOException {
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line = in.readLine();
    return line == null ? "" : line.strip();
  }
}
