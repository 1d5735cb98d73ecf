package io.xenia.billing.support;

import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Billing's HTTP server on a free loopback port against a {@link BillingDatabase}, for one test
 * class. Calls go over real HTTP with the JDK client; answers are parsed into maps.
 */
public final class BillingUnderTest implements AutoCloseable {
  private final BillingDatabase database;
  private final EmbeddedServer server;
  private final JsonMapper json;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private BillingUnderTest(BillingDatabase database, EmbeddedServer server) {
    this.database = database;
    this.server = server;
    this.json = server.getApplicationContext().getBean(JsonMapper.class);
  }

  public static BillingUnderTest start(BillingDatabase database, Map<String, Object> extra) {
    Map<String, Object> properties = new HashMap<>();
    properties.put("micronaut.server.port", 0);
    properties.put("micronaut.server.host", "127.0.0.1");
    properties.put("xenia.database.url", database.url());
    properties.put("xenia.database.user", database.user());
    properties.put("xenia.database.password", database.password());
    // No Kafka here: these tests write charges as the consumer would, without it.
    properties.put("xenia.billing.consumer-enabled", "false");
    // Nor the publication of closed periods' reports (ReportPublicationTest covers it).
    properties.put("xenia.billing.reports.publish-enabled", "false");
    properties.putAll(extra);
    var context = ApplicationContext.builder().properties(properties).start();
    // The pool migrates billing's schema when it is made: before any test writes billing's rows.
    context.getBean(io.vertx.sqlclient.Pool.class);
    return new BillingUnderTest(database, context.getBean(EmbeddedServer.class).start());
  }

  public ApplicationContext context() {
    return server.getApplicationContext();
  }

  public BillingDatabase database() {
    return database;
  }

  public Answer get(String path, String token) {
    return send("GET", path, token, null);
  }

  public Answer post(String path, String token, String body) {
    return send("POST", path, token, body);
  }

  public Answer send(String method, String path, String token, String body) {
    var request =
        HttpRequest.newBuilder(URI.create(server.getURL() + path))
            .timeout(Duration.ofSeconds(30))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    try {
      var response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      Map<?, ?> parsed =
          response.body().length == 0 ? Map.of() : json.readValue(response.body(), Map.class);
      return new Answer(
          response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), parsed);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.getApplicationContext().close();
  }

  /** An HTTP answer: status, media type and the JSON body. */
  public record Answer(int status, String contentType, Map<?, ?> body) {
    public Object get(String member) {
      return body.get(member);
    }

    /** The problem type's slug (after {@code urn:xenia:problem:}), or null if not a problem. */
    public String problem() {
      if (!contentType.startsWith("application/problem+json")) {
        return null;
      }
      String type = (String) body.get("type");
      return type == null ? null : type.substring("urn:xenia:problem:".length());
    }

    @SuppressWarnings("unchecked")
    public java.util.List<Map<String, Object>> items() {
      return (java.util.List<Map<String, Object>>) body.get("items");
    }

    @Override
    public String toString() {
      return status + " " + contentType + " " + body;
    }
  }
}
