package io.xenia.broker.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * A plain HTTP client for tests: real sockets to the broker under test, JSON in and out, no
 * Micronaut client machinery between the test and the wire.
 */
public final class ApiClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final URI base;

  public ApiClient(URI base) {
    this.base = base;
  }

  /** A response: status, headers and the body parsed as JSON (a missing node when empty). */
  public record Response(int status, HttpResponse<String> raw, JsonNode body) {
    public String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }

    public String contentType() {
      return header("Content-Type");
    }

    /** The problem type's slug, for problem+json responses. */
    public String problemType() {
      return body.path("type").asText().replace("urn:xenia:problem:", "");
    }

    @Override
    public String toString() {
      return status + " " + raw.headers().map() + " " + raw.body();
    }
  }

  public Response get(String path, String token) {
    return send("GET", path, token, null, Map.of());
  }

  public Response post(String path, String token, Object body) {
    return send("POST", path, token, body, Map.of());
  }

  public Response post(String path, String token, Object body, Map<String, String> headers) {
    return send("POST", path, token, body, headers);
  }

  public Response put(String path, String token, Object body) {
    return send("PUT", path, token, body, Map.of());
  }

  public Response delete(String path, String token) {
    return send("DELETE", path, token, null, Map.of());
  }

  /** Sends {@code body} as JSON (a String is sent as-is, so tests can send malformed JSON). */
  public Response send(
      String method, String path, String token, Object body, Map<String, String> headers) {
    try {
      var builder = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
      if (token != null) {
        builder.header("Authorization", "Bearer " + token);
      }
      headers.forEach(builder::header);
      if (body == null) {
        builder.method(method, HttpRequest.BodyPublishers.noBody());
      } else {
        String text = body instanceof String s ? s : JSON.writeValueAsString(body);
        builder.header("Content-Type", "application/json");
        builder.method(method, HttpRequest.BodyPublishers.ofString(text));
      }
      HttpResponse<String> response =
          http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
      JsonNode parsed =
          response.body().isEmpty() ? JSON.missingNode() : parseOrText(response.body());
      return new Response(response.statusCode(), response, parsed);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode parseOrText(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      return JSON.getNodeFactory().textNode(body);
    }
  }
}
