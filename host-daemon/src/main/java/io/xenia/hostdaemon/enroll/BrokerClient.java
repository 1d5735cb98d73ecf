package io.xenia.hostdaemon.enroll;

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
import java.util.Optional;

/**
 * The daemon's calls to the broker's REST API (JSON over HTTP(S), JDK client): enrollment,
 * rotation, heartbeats. A refusal (4xx/5xx problem+json) becomes a {@link BrokerRefusal}.
 * Thread-safe.
 */
public final class BrokerClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final URI broker;
  private final Optional<String> apiKey;
  private final HttpClient http;

  public BrokerClient(URI broker, Optional<String> apiKey) {
    this.broker = broker;
    this.apiKey = apiKey;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  public JsonNode post(String path, Map<String, Object> body) {
    try {
      var request =
          HttpRequest.newBuilder(broker.resolve(path))
              .timeout(Duration.ofSeconds(30))
              .header("Content-Type", "application/json")
              .header("Accept", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
      apiKey.ifPresent(k -> request.header("Authorization", "Bearer " + k));
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      JsonNode json = response.body().isEmpty() ? JSON.missingNode() : parse(response.body());
      if (response.statusCode() >= 300) {
        throw new BrokerRefusal(
            response.statusCode(),
            json.path("type").asText("unknown").replace("urn:xenia:problem:", ""),
            json.path("detail").asText(response.body()));
      }
      return json;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot reach the broker at " + broker + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while calling the broker", e);
    }
  }

  private static JsonNode parse(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      return JSON.getNodeFactory().objectNode().put("detail", body);
    }
  }
}
