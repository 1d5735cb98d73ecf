package io.xenia.bench.hostdaemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xenia.hostdaemon.api.TestCa;
import io.xenia.protocol.tls.MutualTls;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * A broker as a host's control API sees it: HTTPS with a client certificate of the host CA, built
 * with the mTLS recipe both ends use ({@link MutualTls}); and a subscription to the lifecycle event
 * stream, as a broker follows sessions.
 */
final class ControlApiClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http;
  private final int port;

  ControlApiClient(TestCa hostCa, String brokerName, int port) {
    TestCa.Leaf identity = hostCa.issue(brokerName);
    this.http =
        HttpClient.newBuilder()
            .sslContext(
                MutualTls.context(
                    identity.key().getPrivate(),
                    identity.certificate(),
                    List.of(hostCa.certificate()),
                    serial -> false))
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    this.port = port;
  }

  /** POSTs {@code body}; fails unless the answer has status {@code expected}. */
  JsonNode post(String path, String body, int expected) throws IOException, InterruptedException {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(uri(path))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != expected) {
      throw new IllegalStateException(
          "POST " + path + " answered " + r.statusCode() + ": " + r.body());
    }
    return JSON.readTree(r.body());
  }

  JsonNode get(String path) throws IOException, InterruptedException {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException("GET " + path + " answered " + r.statusCode());
    }
    return JSON.readTree(r.body());
  }

  /** Follows {@code GET /v1/events} on a thread of its own, from now on. */
  SessionEvents subscribe() throws Exception {
    SessionEvents events = new SessionEvents();
    CompletableFuture<HttpResponse<Stream<String>>> response =
        http.sendAsync(
            HttpRequest.newBuilder(uri("/v1/events")).GET().build(),
            HttpResponse.BodyHandlers.ofLines());
    HttpResponse<Stream<String>> r = response.get();
    if (r.statusCode() != 200) {
      throw new IllegalStateException("GET /v1/events answered " + r.statusCode());
    }
    Thread reader =
        new Thread(
            () ->
                r.body()
                    .filter(line -> line.startsWith("data: "))
                    .forEach(
                        line -> {
                          try {
                            JsonNode e = JSON.readTree(line.substring(6));
                            events.seen(e.path("sessionId").asText(), e.path("state").asText());
                          } catch (IOException e) {
                            throw new IllegalStateException("bad event " + line, e);
                          }
                        }),
            "bench-events");
    reader.setDaemon(true);
    reader.start();
    return events;
  }

  private URI uri(String path) {
    return URI.create("https://127.0.0.1:" + port + path);
  }
}
