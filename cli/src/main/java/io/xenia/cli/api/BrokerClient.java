package io.xenia.cli.api;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The broker's REST API over the JDK's HttpClient: JSON in and out, a bearer API key, errors as
 * {@link ApiProblem} (the broker answered) or {@link BrokerUnreachable} (it did not). One instance
 * per command run; not shared between threads.
 */
public final class BrokerClient {
  /** How long to wait for a connection and for each answer. */
  static final Duration TIMEOUT = Duration.ofSeconds(30);

  public static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final URI api;
  private final String key;

  /**
   * @param api the broker's base URL, e.g. {@code http://127.0.0.1:8080}
   * @param key an API key token; null for calls that need none
   */
  public BrokerClient(URI api, String key) {
    this.api = requireNonNull(api, "api is null");
    this.key = key;
  }

  /** GET {@code path} with query parameters (nulls left out). */
  public JsonNode get(String path, Map<String, String> query) {
    return send("GET", path + queryString(query), null, Map.of());
  }

  /** A bound on pages fetched, so that a broker bug cannot loop a listing forever. */
  static final int MAX_PAGES = 1000;

  /**
   * Every page of a listing ({@code items}, {@code nextPageToken}), {@code limit} per page, as one
   * array; {@code query} (null values left out) goes with every page.
   */
  public ArrayNode getAllPages(String path, Map<String, String> query, int limit) {
    ArrayNode items = JSON.createArrayNode();
    String token = null;
    for (int pages = 0; pages < MAX_PAGES; pages++) {
      Map<String, String> page = new java.util.LinkedHashMap<>(query);
      page.put("pageToken", token);
      page.put("limit", Integer.toString(limit));
      JsonNode answer = get(path, page);
      answer.path("items").forEach(items::add);
      JsonNode next = answer.path("nextPageToken");
      if (next.isMissingNode() || next.isNull()) {
        break;
      }
      token = next.asText();
    }
    return items;
  }

  /** POST a JSON body (null: none). */
  public JsonNode post(String path, Object body, Map<String, String> headers) {
    return send("POST", path, body, headers);
  }

  /** PATCH a JSON body. */
  public JsonNode patch(String path, Object body) {
    return send("PATCH", path, body, Map.of());
  }

  /** DELETE; the answer's JSON (missing for 204). */
  public JsonNode delete(String path) {
    return send("DELETE", path, null, Map.of());
  }

  /** PUT raw bytes ({@code application/octet-stream}), e.g. one chunk of an image part. */
  public JsonNode putBytes(String path, byte[] bytes, Map<String, String> headers) {
    java.util.Map<String, String> all = new java.util.LinkedHashMap<>(headers);
    all.put("Content-Type", "application/octet-stream");
    return exchange("PUT", path, HttpRequest.BodyPublishers.ofByteArray(bytes), all);
  }

  private JsonNode send(
      String method, String pathAndQuery, Object body, Map<String, String> headers) {
    if (body == null) {
      return exchange(method, pathAndQuery, HttpRequest.BodyPublishers.noBody(), headers);
    }
    java.util.Map<String, String> all = new java.util.LinkedHashMap<>(headers);
    all.put("Content-Type", "application/json");
    return exchange(method, pathAndQuery, HttpRequest.BodyPublishers.ofString(write(body)), all);
  }

  private JsonNode exchange(
      String method,
      String pathAndQuery,
      HttpRequest.BodyPublisher body,
      Map<String, String> headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(resolve(pathAndQuery))
            .timeout(TIMEOUT)
            .header("Accept", "application/json, application/problem+json");
    if (key != null) {
      request.header("Authorization", "Bearer " + key);
    }
    headers.forEach(request::header);
    request.method(method, body);
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new BrokerUnreachable("cannot reach the broker at " + api + ": " + describe(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BrokerUnreachable("interrupted while waiting for " + api, e);
    }
    JsonNode parsed = parse(response.body());
    if (response.statusCode() / 100 != 2) {
      throw new ApiProblem(response.statusCode(), problemOf(response, parsed));
    }
    return parsed;
  }

  private URI resolve(String pathAndQuery) {
    String base = api.toString().replaceAll("/+$", "");
    return URI.create(base + pathAndQuery);
  }

  private static String queryString(Map<String, String> query) {
    String joined =
        query.entrySet().stream()
            .filter(e -> e.getValue() != null)
            .map(
                e ->
                    URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                        + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    return joined.isEmpty() ? "" : "?" + joined;
  }

  private static String write(Object body) {
    try {
      return JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot encode the request: " + e.getMessage(), e);
    }
  }

  private static JsonNode parse(String body) {
    if (body == null || body.isBlank()) {
      return JSON.missingNode();
    }
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      return JSON.getNodeFactory().textNode(body);
    }
  }

  /**
   * The problem document, or one made up from the status when the body is none (a proxy's page).
   */
  private static JsonNode problemOf(HttpResponse<String> response, JsonNode parsed) {
    if (parsed.isObject() && parsed.has("type")) {
      return parsed;
    }
    ObjectNode made = JSON.createObjectNode();
    made.put("type", "about:blank");
    made.put("title", "HTTP " + response.statusCode());
    made.put("status", response.statusCode());
    made.put("detail", parsed.isTextual() ? parsed.asText() : String.valueOf(parsed));
    return made;
  }

  private static String describe(IOException e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : " (" + message + ")");
  }
}
