package io.xenia.hostdaemon.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpsExchange;
import io.xenia.protocol.encoding.CanonicalJson;
import io.xenia.protocol.encoding.CanonicalObject;
import io.xenia.protocol.encoding.CanonicalValue;
import io.xenia.protocol.records.Agreement;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Routes of the control API, version 1:
 *
 * <pre>
 * POST /v1/admissions                      {"agreement": {...}}  → 201 admitted | 409 refused
 * POST /v1/sessions/{id}/provision         ProvisionRequest      → 202 SessionStatus
 * POST /v1/sessions/{id}/modify            ModifyRequest         → 200 SessionStatus | 409 refused
 * PATCH /v1/sessions/{id}                  ModifyRequest         → the same
 * POST /v1/sessions/{id}/terminate         {"reason": "..."}     → 200 SessionStatus
 * POST /v1/sessions/{id}/pause                                   → 200 SessionStatus (paused) | 409
 * POST /v1/sessions/{id}/resume                                  → 200 SessionStatus | 409
 * GET  /v1/sessions/{id}                                         → 200 SessionStatus | 404
 * GET  /v1/status                                                → 200 HostStatusReport
 * GET  /v1/events?after=N  (or Last-Event-ID)                    → 200 text/event-stream
 * </pre>
 *
 * Holds no rules: it reads the caller from the verified TLS session, translates JSON and maps
 * {@link HostControlException}s to problem documents.
 */
final class ControlApiHandler implements HttpHandler, AutoCloseable {
  private static final System.Logger LOG = System.getLogger(ControlApiHandler.class.getName());
  private static final int MAX_BODY = 1 << 20;
  private static final Pattern SESSION =
      Pattern.compile(
          "/v1/sessions/([A-Za-z0-9._:-]{1,128})(/(provision|modify|terminate|pause|resume))?");

  private final HostControl control;
  private final EventStreams streams;

  ControlApiHandler(HostControl control) {
    this.control = control;
    this.streams = new EventStreams(control);
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      try {
        route(exchange, caller(exchange));
      } catch (HostControlException e) {
        Json.problem(exchange, e.kind().status(), e.kind().slug(), e.reason(), e.getMessage());
      } catch (BadRequest e) {
        Json.problem(exchange, 400, "invalid-request", e.getMessage());
      } catch (IOException e) {
        throw e;
      } catch (RuntimeException e) {
        LOG.log(
            System.Logger.Level.ERROR,
            "control API request failed: " + exchange.getRequestURI(),
            e);
        Json.problem(exchange, 500, "internal-error", "the host failed; see its log");
      }
    }
  }

  private void route(HttpExchange exchange, ControlCaller caller) throws IOException {
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getPath();
    if (path.equals("/v1/admissions")) {
      requireMethod(method, "POST");
      admit(exchange, caller);
      return;
    }
    if (path.equals("/v1/status")) {
      requireMethod(method, "GET");
      Json.send(exchange, 200, control.hostStatus());
      return;
    }
    if (path.equals("/v1/events")) {
      requireMethod(method, "GET");
      streams.serve(exchange, afterSequence(exchange));
      return;
    }
    Matcher m = SESSION.matcher(path);
    if (!m.matches()) {
      throw new HostControlException(HostControlException.Kind.NOT_FOUND, "no route " + path);
    }
    String sessionId = m.group(1);
    String action = m.group(3);
    if (action == null && method.equals("PATCH")) {
      Json.send(exchange, 200, control.modify(caller, sessionId, modifyRequest(exchange)));
      return;
    }
    if (action == null) {
      requireMethod(method, "GET");
      var status =
          control
              .status(caller, sessionId)
              .orElseThrow(
                  () ->
                      new HostControlException(
                          HostControlException.Kind.NOT_FOUND, "no session " + sessionId));
      Json.send(exchange, 200, status);
      return;
    }
    requireMethod(method, "POST");
    switch (action) {
      case "provision" ->
          Json.send(
              exchange,
              202,
              control.provision(
                  caller,
                  sessionId,
                  orElse(
                      read(exchange, ProvisionRequest.class), new ProvisionRequest(null, null))));
      case "modify" ->
          Json.send(exchange, 200, control.modify(caller, sessionId, modifyRequest(exchange)));
      case "terminate" -> {
        var body = read(exchange, TerminateRequest.class);
        String reason = body == null || body.reason() == null ? "terminated" : body.reason();
        Json.send(exchange, 200, control.terminate(caller, sessionId, reason));
      }
      case "pause" -> Json.send(exchange, 200, control.pause(caller, sessionId, true));
      case "resume" -> Json.send(exchange, 200, control.pause(caller, sessionId, false));
      default -> throw new HostControlException(HostControlException.Kind.NOT_FOUND, path);
    }
  }

  record TerminateRequest(String reason) {}

  private static ModifyRequest modifyRequest(HttpExchange exchange) throws IOException {
    return orElse(read(exchange, ModifyRequest.class), new ModifyRequest(null, null, null));
  }

  private void admit(HttpExchange exchange, ControlCaller caller) throws IOException {
    Agreement proposal;
    java.util.Optional<String> imageKind = java.util.Optional.empty();
    try {
      CanonicalValue body = CanonicalJson.parse(body(exchange));
      if (!(body instanceof CanonicalObject object) || object.get("agreement") == null) {
        throw new BadRequest("the body must be {\"agreement\": {...}}");
      }
      if (object.get("imageKind") != null) {
        if (!(object.get("imageKind") instanceof io.xenia.protocol.encoding.CanonicalString k)) {
          throw new BadRequest("imageKind must be a string");
        }
        imageKind = java.util.Optional.of(k.value());
      }
      proposal = Agreement.fromCanonical(object.get("agreement"));
    } catch (RuntimeException e) {
      if (e instanceof BadRequest b) {
        throw b;
      }
      throw new BadRequest("the agreement does not parse: " + e.getMessage());
    }
    AdmissionDecision decision = control.admit(new AdmissionRequest(caller, proposal, imageKind));
    if (decision instanceof AdmissionDecision.Admitted admitted) {
      String json =
          "{\"decision\":\"admitted\",\"agreement\":"
              + new String(admitted.agreement().toJson(), StandardCharsets.UTF_8)
              + "}";
      Json.send(exchange, 201, json.getBytes(StandardCharsets.UTF_8));
    } else if (decision instanceof AdmissionDecision.Refused refused) {
      Map<String, String> body = new LinkedHashMap<>();
      body.put("decision", "refused");
      body.put("reason", refused.reason());
      body.put("detail", refused.detail());
      Json.send(exchange, 409, body);
    } else {
      throw new IllegalStateException("unknown decision " + decision);
    }
  }

  /** The verified client certificate's subject and serial (the handshake already checked it). */
  private static ControlCaller caller(HttpExchange exchange) {
    if (!(exchange instanceof HttpsExchange https)) {
      throw new IllegalStateException("the control API serves only HTTPS");
    }
    try {
      Certificate[] chain = https.getSSLSession().getPeerCertificates();
      X509Certificate leaf = (X509Certificate) chain[0];
      return new ControlCaller(leaf.getSubjectX500Principal().getName(), leaf.getSerialNumber());
    } catch (SSLPeerUnverifiedException e) {
      // Unreachable with need-client-auth; refuse rather than serve an anonymous caller.
      throw new HostControlException(
          HostControlException.Kind.INVALID, "no verified client certificate");
    }
  }

  private static long afterSequence(HttpExchange exchange) {
    String header = exchange.getRequestHeaders().getFirst("Last-Event-ID");
    String query = exchange.getRequestURI().getQuery();
    String value = header;
    if (query != null) {
      for (String pair : query.split("&")) {
        if (pair.startsWith("after=")) {
          value = pair.substring("after=".length());
        }
      }
    }
    if (value == null || value.isBlank()) {
      return 0;
    }
    try {
      return Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      throw new BadRequest("after must be a sequence number, not " + value);
    }
  }

  private static void requireMethod(String actual, String expected) {
    if (!actual.equals(expected)) {
      throw new BadRequest("use " + expected + ", not " + actual);
    }
  }

  private static byte[] body(HttpExchange exchange) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      byte[] bytes = in.readNBytes(MAX_BODY + 1);
      if (bytes.length > MAX_BODY) {
        throw new BadRequest("the body is larger than " + MAX_BODY + " bytes");
      }
      return bytes;
    }
  }

  private static <T> T read(HttpExchange exchange, Class<T> type) throws IOException {
    byte[] bytes = body(exchange);
    if (bytes.length == 0) {
      return null;
    }
    try {
      return Json.MAPPER.readValue(bytes, type);
    } catch (JsonProcessingException e) {
      throw new BadRequest(
          "the body is not a valid " + type.getSimpleName() + ": " + e.getOriginalMessage());
    }
  }

  private static <T> T orElse(T value, T otherwise) {
    return value == null ? otherwise : value;
  }

  @Override
  public void close() {
    streams.close();
  }

  private static final class BadRequest extends RuntimeException {
    BadRequest(String message) {
      super(message, null, false, false);
    }
  }
}
