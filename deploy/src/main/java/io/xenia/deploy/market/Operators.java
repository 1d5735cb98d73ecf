package io.xenia.deploy.market;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The marketplace's host-operator accounts, registered through the API on the first run and kept
 * (id and API key, mode 0600) in {@code operators.properties}, so that later runs enroll new hosts
 * under the same owners.
 */
public final class Operators {
  /** One host operator: its account and API key. */
  public record Operator(String name, String accountId, String apiKey) {}

  private Operators() {}

  static List<Operator> ensure(BrokerApi api, Path file, int count) {
    Properties stored = new Properties();
    if (Files.exists(file)) {
      try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        stored.load(in);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    List<Operator> operators = new ArrayList<>();
    boolean changed = false;
    for (int i = 0; i < count; i++) {
      String name = MarketPlan.OPERATORS.get(i);
      String id = stored.getProperty("operator." + i + ".account");
      String key = stored.getProperty("operator." + i + ".key");
      if (id == null || key == null) {
        String email = name.toLowerCase().replace(' ', '.') + "@hosts.example";
        JsonNode created =
            api.call(
                "POST",
                "/v1/accounts",
                null,
                Map.of("kind", "host-operator", "name", name, "contactEmail", email));
        id = created.path("account").path("id").asText();
        key = created.path("apiKey").path("token").asText();
        stored.setProperty("operator." + i + ".account", id);
        stored.setProperty("operator." + i + ".key", key);
        changed = true;
      }
      operators.add(new Operator(name, id, key));
    }
    if (changed) {
      write(file, stored);
    }
    return operators;
  }

  private static void write(Path file, Properties properties) {
    ReadyCustomer.store(file, properties);
  }
}
