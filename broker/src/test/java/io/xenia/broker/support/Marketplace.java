package io.xenia.broker.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.UUID;

/** Steps that many tests take through the public API, asserting that each succeeded. */
public final class Marketplace {
  private final BrokerUnderTest broker;

  public Marketplace(BrokerUnderTest broker) {
    this.broker = broker;
  }

  /** A registered account: its id and its first key's token. */
  public record Party(UUID id, String token) {}

  public Party register(String kind, String name) {
    var r =
        broker
            .api()
            .post(
                "/v1/accounts",
                kind.equals("customer") || kind.equals("host-operator")
                    ? null
                    : broker.adminToken(),
                Map.of(
                    "kind",
                    kind,
                    "name",
                    name,
                    "contactEmail",
                    name.replace(' ', '.') + "@example.com"));
    assertEquals(201, r.status(), r::toString);
    return new Party(
        UUID.fromString(r.body().path("account").path("id").asText()),
        r.body().path("apiKey").path("token").asText());
  }

  public Party customer(String name) {
    return register("customer", name);
  }

  public void deposit(Party to, String amount, String currency) {
    var r =
        broker
            .api()
            .post(
                "/v1/accounts/" + to.id() + "/deposits",
                broker.adminToken(),
                Map.of(
                    "amount",
                    Map.of("amount", amount, "currency", currency),
                    "externalReference",
                    "bank-" + UUID.randomUUID()));
    assertEquals(201, r.status(), r::toString);
  }

  public ApiClient.Response order(Party customer, String amount, String currency) {
    return broker
        .api()
        .post(
            "/v1/purchase-orders",
            customer.token(),
            Map.of(
                "amountLimit", Map.of("amount", amount, "currency", currency),
                "expiresAt", java.time.Instant.now().plusSeconds(86400).toString()));
  }

  public String available(Party customer, String currency) {
    var r = broker.api().get("/v1/accounts/" + customer.id() + "/balances", customer.token());
    assertEquals(200, r.status(), r::toString);
    for (var b : r.body().path("balances")) {
      if (b.path("currency").asText().equals(currency)) {
        return b.path("available").path("amount").asText();
      }
    }
    return "none";
  }
}
