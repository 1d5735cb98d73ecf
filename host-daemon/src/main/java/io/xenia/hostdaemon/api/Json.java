package io.xenia.hostdaemon.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** JSON of the control API: unknown fields ignored (newer brokers), nulls left out. */
final class Json {
  static final ObjectMapper MAPPER =
      new ObjectMapper()
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
          .setSerializationInclusion(JsonInclude.Include.NON_NULL);

  /** Problem type URIs of the control API: {@code urn:xenia:host-problem:<slug>}. */
  static final String PROBLEM_PREFIX = "urn:xenia:host-problem:";

  private Json() {}

  static void send(HttpExchange exchange, int status, Object body) throws IOException {
    byte[] bytes = body instanceof byte[] raw ? raw : MAPPER.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (var out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  static void problem(HttpExchange exchange, int status, String slug, String detail)
      throws IOException {
    problem(exchange, status, slug, null, detail);
  }

  /** A problem document; {@code reason} (a stable refusal code) is left out when null. */
  static void problem(HttpExchange exchange, int status, String slug, String reason, String detail)
      throws IOException {
    var body =
        MAPPER
            .createObjectNode()
            .put("type", PROBLEM_PREFIX + slug)
            .put("status", status)
            .put("detail", detail);
    if (reason != null) {
      body.put("reason", reason);
    }
    byte[] bytes = MAPPER.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/problem+json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (var out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
