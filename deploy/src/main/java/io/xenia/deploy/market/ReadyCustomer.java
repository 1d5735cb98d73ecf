package io.xenia.deploy.market;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;

/**
 * A customer to begin with: an account with an API key, {@link #DEPOSIT} deposited by the admin,
 * and an open purchase order of {@link #ORDER}. Kept in {@code customer.properties} (mode 0600) and
 * reused on later runs while its key works; a closed order is replaced by a new one.
 *
 * @param accountId the customer's account
 * @param apiKey its API key
 * @param orderId an open purchase order
 */
public record ReadyCustomer(String accountId, String apiKey, String orderId) {
  /** What the admin deposits into a new ready customer's account. */
  public static final String DEPOSIT = "500.00";

  /** The purchase order's limit, ring-fenced from that. */
  public static final String ORDER = "100.00";

  /** The customer kept in {@code file}, or a new one (then kept there). */
  public static ReadyCustomer ensure(java.net.URI apiUrl, String adminKey, Path file) {
    return ensure(new BrokerApi(apiUrl), adminKey, file);
  }

  static ReadyCustomer ensure(BrokerApi api, String adminKey, Path file) {
    Properties p = load(file);
    String account = p.getProperty("account");
    String key = p.getProperty("key");
    String order = p.getProperty("order");
    boolean changed = false;
    if (account == null
        || key == null
        || !api.send("GET", "/v1/accounts/" + account + "/balances", key, null).ok()) {
      JsonNode created =
          api.call(
              "POST",
              "/v1/accounts",
              null,
              Map.of("kind", "customer", "name", "Ada Local", "contactEmail", "ada@local.example"));
      account = created.path("account").path("id").asText();
      key = created.path("apiKey").path("token").asText();
      api.call(
          "POST",
          "/v1/accounts/" + account + "/deposits",
          adminKey,
          Map.of(
              "amount",
              Map.of("amount", DEPOSIT, "currency", "EUR"),
              "externalReference",
              "xenia-local-" + account));
      order = null;
      changed = true;
    }
    if (order == null || !isOpen(api, key, order)) {
      order =
          api.call(
                  "POST",
                  "/v1/purchase-orders",
                  key,
                  Map.of(
                      "amountLimit",
                      Map.of("amount", ORDER, "currency", "EUR"),
                      "expiresAt",
                      Instant.now().plus(Duration.ofDays(30)).toString(),
                      "description",
                      "xenia-local ready customer"))
              .path("id")
              .asText();
      changed = true;
    }
    if (changed) {
      p.setProperty("account", account);
      p.setProperty("key", key);
      p.setProperty("order", order);
      store(file, p);
    }
    return new ReadyCustomer(account, key, order);
  }

  private static boolean isOpen(BrokerApi api, String key, String order) {
    BrokerApi.Answer a = api.send("GET", "/v1/purchase-orders/" + order, key, null);
    return a.ok() && a.body().path("status").asText().equals("open");
  }

  private static Properties load(Path file) {
    Properties p = new Properties();
    if (Files.exists(file)) {
      try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        p.load(in);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return p;
  }

  static void store(Path file, Properties properties) {
    try {
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.deleteIfExists(tmp);
      Files.createFile(
          tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        properties.store(out, "xenia-local: secrets, keep private");
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
