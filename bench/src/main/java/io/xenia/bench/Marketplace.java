package io.xenia.bench;

import io.vertx.core.json.JsonObject;
import io.xenia.bench.LoadGenerator.Customer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Sets the marketplace up through the broker's API: customers with money to commit. */
final class Marketplace {
  /** What each customer deposits: far more than a run commits at 1.00 per order. */
  static final String DEPOSIT = "1000000.00";

  static final long DEPOSIT_MICROS = 1_000_000L * 1_000_000L;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final URI base;
  private final String adminToken;

  Marketplace(URI base, String adminToken) {
    this.base = base;
    this.adminToken = adminToken;
  }

  /** Registers {@code n} customers and funds each of them with {@link #DEPOSIT} EUR. */
  List<Customer> customers(int n) throws IOException, InterruptedException {
    List<Customer> customers = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      JsonObject registered =
          post(
              "/v1/accounts",
              null,
              new JsonObject()
                  .put("kind", "customer")
                  .put("name", "bench customer " + i)
                  .put("contactEmail", "bench" + i + "@example.com"));
      UUID id = UUID.fromString(registered.getJsonObject("account").getString("id"));
      String token = registered.getJsonObject("apiKey").getString("token");
      post(
          "/v1/accounts/" + id + "/deposits",
          adminToken,
          new JsonObject()
              .put("amount", new JsonObject().put("amount", DEPOSIT).put("currency", "EUR"))
              .put("externalReference", "bench-" + i));
      customers.add(new Customer(id, token));
    }
    return List.copyOf(customers);
  }

  private JsonObject post(String path, String token, JsonObject body)
      throws IOException, InterruptedException {
    var request =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.encode()));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      throw new IllegalStateException(
          "setup: POST " + path + " answered " + response.statusCode() + " " + response.body());
    }
    return new JsonObject(response.body());
  }
}
