package io.xenia.bmcsim;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A small Redfish service (DMTF DSP0266, schemas ServiceRoot v1_5_0, ComputerSystemCollection,
 * ComputerSystem v1_13_0) for the machines of a simulator: the resources a provisioning system
 * uses, nothing more.
 *
 * <ul>
 *   <li>{@code GET /redfish}, {@code GET /redfish/v1/}: version and service root, without
 *       authentication (as the specification allows)
 *   <li>{@code GET /redfish/v1/Systems}: the collection
 *   <li>{@code GET /redfish/v1/Systems/{id}}: PowerState, Boot override, summaries, the Reset
 *       action
 *   <li>{@code PATCH /redfish/v1/Systems/{id}}: {@code Boot.BootSourceOverrideTarget} (None, Pxe,
 *       Hdd) and {@code Boot.BootSourceOverrideEnabled} (Disabled, Once, Continuous)
 *   <li>{@code POST /redfish/v1/Systems/{id}/Actions/ComputerSystem.Reset}: {@code ResetType} On,
 *       ForceOff, GracefulShutdown, GracefulRestart, ForceRestart, PowerCycle; 204 when done
 * </ul>
 *
 * Everything else under {@code /redfish/v1} needs HTTP basic authentication (401 otherwise). Errors
 * are Redfish error objects with a Base message id: 400 for malformed JSON, a missing or unknown
 * ResetType or an unknown Boot value, 404 for unknown resources, 405 for a wrong method. Plain HTTP
 * on a loopback address: it stands in for a BMC on a management network in tests.
 */
public final class RedfishServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ROOT = "/redfish/v1/";
  private static final String SYSTEMS = ROOT + "Systems";
  private static final String RESET_SUFFIX = "/Actions/ComputerSystem.Reset";

  private final Map<String, SimulatedSystem> systems = new LinkedHashMap<>();
  private final byte[] expectedAuthorization;
  private final String uuid = UUID.randomUUID().toString();
  private final HttpServer server;
  private final ExecutorService executor;

  /**
   * Starts serving on {@code bind} (port 0 picks a free one).
   *
   * @param systems the machines, by their ids
   */
  public RedfishServer(
      InetSocketAddress bind, String username, String password, List<SimulatedSystem> systems)
      throws IOException {
    requireNonNull(username, "username is null");
    requireNonNull(password, "password is null");
    for (SimulatedSystem system : systems) {
      if (!system.id().matches("[A-Za-z0-9_.-]+")) {
        throw new IllegalArgumentException("system id must be a URI segment: " + system.id());
      }
      if (this.systems.put(system.id(), system) != null) {
        throw new IllegalArgumentException("duplicate system id " + system.id());
      }
    }
    this.expectedAuthorization =
        ("Basic "
                + Base64.getEncoder()
                    .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8)))
            .getBytes(StandardCharsets.UTF_8);
    this.server = HttpServer.create(bind, 0);
    // Reset waits for the power change: a few threads so that status reads are not stuck behind it.
    this.executor = Executors.newFixedThreadPool(4);
    server.setExecutor(executor);
    server.createContext("/redfish", this::handle);
    server.start();
  }

  /** The base URL, like {@code http://127.0.0.1:43123}. */
  public String baseUrl() {
    InetSocketAddress address = server.getAddress();
    return "http://" + address.getHostString() + ":" + address.getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String method = exchange.getRequestMethod();
      if (path.equals("/redfish") || path.equals("/redfish/")) {
        onlyGet(exchange, method, JSON.createObjectNode().put("v1", ROOT));
        return;
      }
      if (path.equals("/redfish/v1") || path.equals(ROOT)) {
        onlyGet(exchange, method, serviceRoot());
        return;
      }
      if (!authorized(exchange)) {
        exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"xenia-bmc\"");
        error(exchange, 401, "Base.1.8.NoValidSession", "this resource needs basic authentication");
        return;
      }
      String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
      if (trimmed.equals(SYSTEMS)) {
        onlyGet(exchange, method, collection());
        return;
      }
      if (trimmed.startsWith(SYSTEMS + "/")) {
        String rest = trimmed.substring(SYSTEMS.length() + 1);
        boolean reset = rest.endsWith(RESET_SUFFIX);
        String id = reset ? rest.substring(0, rest.length() - RESET_SUFFIX.length()) : rest;
        SimulatedSystem system = systems.get(id);
        if (system != null && reset) {
          if (!method.equals("POST")) {
            notAllowed(exchange, "POST");
            return;
          }
          resetAction(exchange, system);
          return;
        }
        if (system != null && !id.contains("/")) {
          switch (method) {
            case "GET" -> send(exchange, 200, computerSystem(system));
            case "PATCH" -> patchBoot(exchange, system);
            default -> notAllowed(exchange, "GET, PATCH");
          }
          return;
        }
      }
      error(exchange, 404, "Base.1.8.ResourceNotFound", "no resource at " + path);
    } catch (RuntimeException e) {
      // A bug or a failed power change: the client sees a Redfish 500, the server keeps serving.
      try {
        error(exchange, 500, "Base.1.8.InternalError", String.valueOf(e.getMessage()));
      } catch (IOException ignored) {
        // the client went away
      }
    }
  }

  private boolean authorized(HttpExchange exchange) {
    String header = exchange.getRequestHeaders().getFirst("Authorization");
    return header != null
        && MessageDigest.isEqual(header.getBytes(StandardCharsets.UTF_8), expectedAuthorization);
  }

  private ObjectNode serviceRoot() {
    ObjectNode root = odata(ROOT, "#ServiceRoot.v1_5_0.ServiceRoot");
    root.put("Id", "RootService").put("Name", "Xenia BMC simulator").put("RedfishVersion", "1.6.0");
    root.put("UUID", uuid);
    root.putObject("Systems").put("@odata.id", SYSTEMS);
    return root;
  }

  private ObjectNode collection() {
    ObjectNode collection =
        odata(SYSTEMS, "#ComputerSystemCollection.ComputerSystemCollection")
            .put("Name", "Computer System Collection");
    collection.put("Members@odata.count", systems.size());
    ArrayNode members = collection.putArray("Members");
    for (String id : systems.keySet()) {
      members.addObject().put("@odata.id", SYSTEMS + "/" + id);
    }
    return collection;
  }

  private ObjectNode computerSystem(SimulatedSystem system) {
    String uri = SYSTEMS + "/" + system.id();
    ObjectNode node = odata(uri, "#ComputerSystem.v1_13_0.ComputerSystem");
    node.put("Id", system.id()).put("Name", system.id()).put("SystemType", "Virtual");
    node.put("PowerState", system.poweredOn() ? "On" : "Off");
    node.putObject("Status").put("State", "Enabled").put("Health", "OK");
    node.putObject("ProcessorSummary").put("Count", system.cpus());
    node.putObject("MemorySummary")
        .put("TotalSystemMemoryGiB", Math.round(system.memoryMiB() / 1024.0 * 100) / 100.0);
    BootOverride boot = system.bootOverride();
    ObjectNode bootNode = node.putObject("Boot");
    bootNode.put("BootSourceOverrideTarget", boot.target().name());
    bootNode.put("BootSourceOverrideEnabled", boot.enabled().name());
    ArrayNode targets = bootNode.putArray("BootSourceOverrideTarget@Redfish.AllowableValues");
    for (BootOverride.Target target : BootOverride.Target.values()) {
      targets.add(target.name());
    }
    ObjectNode reset = node.putObject("Actions").putObject("#ComputerSystem.Reset");
    reset.put("target", uri + RESET_SUFFIX);
    ArrayNode types = reset.putArray("ResetType@Redfish.AllowableValues");
    for (ResetType type : ResetType.values()) {
      types.add(type.name());
    }
    return node;
  }

  private void resetAction(HttpExchange exchange, SimulatedSystem system) throws IOException {
    JsonNode body = readBody(exchange);
    if (body == null) {
      return;
    }
    JsonNode value = body.get("ResetType");
    if (value == null || !value.isTextual()) {
      error(exchange, 400, "Base.1.8.ActionParameterMissing", "ResetType is required");
      return;
    }
    ResetType type = ResetType.parse(value.asText());
    if (type == null) {
      error(
          exchange,
          400,
          "Base.1.8.ActionParameterValueNotInList",
          "ResetType " + value.asText() + " is not one of " + List.of(ResetType.values()));
      return;
    }
    try {
      system.reset(type);
    } catch (IOException e) {
      error(exchange, 500, "Base.1.8.InternalError", type + " failed: " + e.getMessage());
      return;
    }
    exchange.sendResponseHeaders(204, -1);
  }

  private void patchBoot(HttpExchange exchange, SimulatedSystem system) throws IOException {
    JsonNode body = readBody(exchange);
    if (body == null) {
      return;
    }
    JsonNode boot = body.get("Boot");
    if (boot == null || !boot.isObject()) {
      error(exchange, 400, "Base.1.8.PropertyMissing", "only Boot can be changed");
      return;
    }
    BootOverride current = system.bootOverride();
    BootOverride.Target target = current.target();
    BootOverride.Enabled enabled = current.enabled();
    Iterator<Map.Entry<String, JsonNode>> fields = boot.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String text = field.getValue().asText();
      try {
        switch (field.getKey()) {
          case "BootSourceOverrideTarget" -> target = BootOverride.Target.valueOf(text);
          case "BootSourceOverrideEnabled" -> enabled = BootOverride.Enabled.valueOf(text);
          default -> {
            error(
                exchange, 400, "Base.1.8.PropertyNotWritable", field.getKey() + " is not writable");
            return;
          }
        }
      } catch (IllegalArgumentException e) {
        error(
            exchange,
            400,
            "Base.1.8.PropertyValueNotInList",
            text + " is not an allowed value of " + field.getKey());
        return;
      }
    }
    system.setBootOverride(new BootOverride(target, enabled));
    send(exchange, 200, computerSystem(system));
  }

  /** The request's JSON object, or null after answering 400. */
  private JsonNode readBody(HttpExchange exchange) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      JsonNode body = JSON.readTree(in.readNBytes(64 * 1024));
      if (body == null || !body.isObject()) {
        error(exchange, 400, "Base.1.8.MalformedJSON", "the body must be a JSON object");
        return null;
      }
      return body;
    } catch (JsonProcessingException e) {
      error(exchange, 400, "Base.1.8.MalformedJSON", "the body is not JSON");
      return null;
    }
  }

  private void onlyGet(HttpExchange exchange, String method, ObjectNode body) throws IOException {
    if (method.equals("GET") || method.equals("HEAD")) {
      send(exchange, 200, body);
    } else {
      notAllowed(exchange, "GET");
    }
  }

  private void notAllowed(HttpExchange exchange, String allow) throws IOException {
    exchange.getResponseHeaders().add("Allow", allow);
    error(exchange, 405, "Base.1.8.OperationNotAllowed", "allowed methods: " + allow);
  }

  private static ObjectNode odata(String id, String type) {
    return JSON.createObjectNode().put("@odata.id", id).put("@odata.type", type);
  }

  private static void error(HttpExchange exchange, int status, String messageId, String message)
      throws IOException {
    ObjectNode body = JSON.createObjectNode();
    ObjectNode error = body.putObject("error");
    error.put("code", messageId).put("message", message);
    error
        .putArray("@Message.ExtendedInfo")
        .addObject()
        .put("MessageId", messageId)
        .put("Message", message);
    send(exchange, status, body);
  }

  private static void send(HttpExchange exchange, int status, ObjectNode body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().add("Content-Type", "application/json;charset=utf-8");
    exchange.getResponseHeaders().add("OData-Version", "4.0");
    if (exchange.getRequestMethod().equals("HEAD")) {
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
