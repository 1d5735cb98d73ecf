package io.xenia.deploy.market;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The broker's REST API as the launcher uses it: JSON in, JSON out, a bearer key per call. */
final class BrokerApi {
  static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private final URI base;

  BrokerApi(URI base) {
    this.base = base;
  }

  /** An answer: its status and body (a missing node when empty). */
  record Answer(int status, JsonNode body) {
    boolean ok() {
      return status / 100 == 2;
    }
  }

  Answer send(String method, String path, String key, Object body) {
    var request =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .header("Accept", "application/json");
    if (key != null) {
      request.header("Authorization", "Bearer " + key);
    }
    try {
      request.method(
          method,
          body == null
              ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
      var response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(
          response.statusCode(),
          response.body().isEmpty() ? JSON.missingNode() : JSON.readTree(response.body()));
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + path + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted: " + method + " " + path, e);
    }
  }

  /** {@link #send}, demanding a 2xx answer. */
  JsonNode call(String method, String path, String key, Object body) {
    Answer a = send(method, path, key, body);
    if (!a.ok()) {
      throw new IllegalStateException(method + " " + path + " → " + a.status() + " " + a.body());
    }
    return a.body();
  }

  static String query(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
