package io.xenia.deploy.hosts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.xenia.protocol.crypto.Ed25519KeyPair;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A customer of a {@link BrokerUnderTest}: registered, funded by the admin, with an ed25519 SSH
 * key, calling the sessions API as a customer would. The broker may be restarted under it ({@link
 * #on}).
 */
final class CustomerUnderTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private volatile BrokerUnderTest broker;
  private volatile Supplier<String> context = () -> "";
  final String key;
  final String accountId;
  final String sshPublicKey;

  /** The answer to one call: status and body (missing node when empty). */
  record Answer(int status, JsonNode body) {}

  private CustomerUnderTest(BrokerUnderTest broker, String key, String accountId) {
    this.broker = broker;
    this.key = key;
    this.accountId = accountId;
    this.sshPublicKey = openSsh(Ed25519KeyPair.generate(new SecureRandom()), "customer");
  }

  /** Registers a customer and has the admin deposit {@code deposit} EUR. */
  static CustomerUnderTest register(BrokerUnderTest broker, String name, String deposit)
      throws Exception {
    JsonNode customer =
        broker.call(
            "POST",
            "/v1/accounts",
            null,
            Map.of("kind", "customer", "name", name, "contactEmail", "customer@example.com"),
            201);
    String id = customer.path("account").path("id").asText();
    broker.call(
        "POST",
        "/v1/accounts/" + id + "/deposits",
        broker.adminKey(),
        Map.of(
            "amount",
            Map.of("amount", deposit, "currency", "EUR"),
            "externalReference",
            "deposit-" + name),
        201);
    return new CustomerUnderTest(broker, customer.path("apiKey").path("token").asText(), id);
  }

  /** What a failed {@link #createSession} adds to its message (the daemons' output, say). */
  void describeFailuresWith(Supplier<String> context) {
    this.context = context;
  }

  /** Calls the restarted broker from now on. */
  void on(BrokerUnderTest restarted) {
    this.broker = restarted;
  }

  /** An OpenSSH public key line of an Ed25519 key. */
  static String openSsh(Ed25519KeyPair key, String comment) {
    try {
      var bytes = new ByteArrayOutputStream();
      var out = new DataOutputStream(bytes);
      byte[] type = "ssh-ed25519".getBytes(StandardCharsets.US_ASCII);
      out.writeInt(type.length);
      out.write(type);
      out.writeInt(32);
      out.write(key.publicKey().bytes());
      return "ssh-ed25519 "
          + Base64.getEncoder().encodeToString(bytes.toByteArray())
          + " "
          + comment;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Opens a purchase order of {@code amount} EUR for two days; its id. */
  String order(String amount) throws Exception {
    return broker
        .call(
            "POST",
            "/v1/purchase-orders",
            key,
            Map.of(
                "amountLimit", Map.of("amount", amount, "currency", "EUR"),
                "expiresAt", Instant.now().plus(Duration.ofDays(2)).toString()),
            201)
        .path("id")
        .asText();
  }

  Answer send(String method, String path, Object body) throws Exception {
    var request =
        HttpRequest.newBuilder(broker.base().resolve(path))
            .timeout(Duration.ofSeconds(60))
            .header("Authorization", "Bearer " + key)
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(
                        BrokerUnderTest.JSON.writeValueAsString(body)));
    var response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(
        response.statusCode(),
        response.body().isEmpty()
            ? BrokerUnderTest.JSON.missingNode()
            : BrokerUnderTest.JSON.readTree(response.body()));
  }

  JsonNode get(String path) throws Exception {
    return broker.call("GET", path, key, null, 200);
  }

  /** Creates sessions, retrying for up to a minute while the daemons' ads are not yet findable. */
  JsonNode createSession(Map<String, Object> request) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    Answer a = send("POST", "/v1/sessions", request);
    while (a.status() == 409
        && a.body().path("type").asText().endsWith("no-machine-available")
        && System.nanoTime() < deadline) {
      Thread.sleep(200);
      a = send("POST", "/v1/sessions", request);
    }
    Answer last = a;
    assertEquals(201, last.status(), () -> last.body() + "\n" + context.get());
    return last.body();
  }

  /** Waits up to {@code timeout} for the session's state; returns the session as last seen. */
  JsonNode awaitState(String id, String wanted, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    JsonNode s = get("/v1/sessions/" + id);
    while (!s.path("state").asText().equals(wanted) && System.nanoTime() < deadline) {
      Thread.sleep(20);
      s = get("/v1/sessions/" + id);
    }
    return s;
  }
}
