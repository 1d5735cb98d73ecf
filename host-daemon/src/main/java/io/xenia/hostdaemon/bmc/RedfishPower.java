package io.xenia.hostdaemon.bmc;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xenia.hostdaemon.driver.Bmc;
import io.xenia.hostdaemon.driver.BootDevice;
import io.xenia.hostdaemon.driver.DriverException;
import io.xenia.hostdaemon.driver.DriverException.Kind;
import io.xenia.hostdaemon.driver.PowerAction;
import io.xenia.hostdaemon.driver.PowerState;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * A Redfish client for one ComputerSystem: {@code PowerState}, the {@code ComputerSystem.Reset}
 * action (On, ForceOff, GracefulShutdown, ForceRestart) and a one-time {@code Boot} override (Pxe,
 * Hdd). It follows the links the service gives (service root → Systems → the system → its Reset
 * target) instead of assuming vendor paths. Basic authentication on every request: no session state
 * to lose when the BMC reboots.
 */
public final class RedfishPower implements BmcPower, BmcFacts {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Bmc bmc;
  private final String base;
  private final Optional<String> systemId;
  private final Duration timeout;
  private final HttpClient http;
  private final String authorization;
  private volatile String systemUri;

  public RedfishPower(Bmc bmc, Optional<String> systemId, Duration timeout) {
    this.bmc = requireNonNull(bmc, "bmc is null");
    if (bmc.protocol() != Bmc.Protocol.REDFISH) {
      throw new IllegalArgumentException("not a Redfish BMC: " + bmc);
    }
    String address = bmc.address();
    if (!address.startsWith("http://") && !address.startsWith("https://")) {
      throw new IllegalArgumentException("a Redfish BMC address is a base URL: " + address);
    }
    this.base = address.endsWith("/") ? address.substring(0, address.length() - 1) : address;
    this.systemId = requireNonNull(systemId, "systemId is null");
    this.timeout = requireNonNull(timeout, "timeout is null");
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    this.authorization =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(
                    (bmc.username() + ":" + bmc.password()).getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public PowerState status() throws DriverException {
    String state = call("GET", system(), null).path("PowerState").asText("");
    return switch (state) {
      case "On", "PoweringOff" -> PowerState.ON;
      case "Off", "PoweringOn" -> PowerState.OFF;
      default -> PowerState.UNKNOWN;
    };
  }

  @Override
  public void power(PowerAction action) throws DriverException {
    String type =
        switch (action) {
          case ON -> "On";
          case OFF -> "ForceOff";
          case SOFT_OFF -> "GracefulShutdown";
          case RESET -> "ForceRestart";
        };
    JsonNode system = call("GET", system(), null);
    String target = system.at("/Actions/#ComputerSystem.Reset/target").asText("");
    if (target.isEmpty()) {
      throw new DriverException(Kind.UNSUPPORTED, "system " + systemUri + " has no Reset action");
    }
    call("POST", target, Map.of("ResetType", type));
  }

  @Override
  public void bootOnce(BootDevice device) throws DriverException {
    String target = device == BootDevice.NETWORK ? "Pxe" : "Hdd";
    call(
        "PATCH",
        system(),
        Map.of(
            "Boot",
            Map.of("BootSourceOverrideTarget", target, "BootSourceOverrideEnabled", "Once")));
  }

  /**
   * {@code ProcessorSummary.CoreCount} (Redfish 2020.3 and later) or else {@code Count} (which
   * older services fill with the number of processors), and {@code TotalSystemMemoryGiB}.
   */
  @Override
  public SystemSummary summary() throws DriverException {
    JsonNode system = call("GET", system(), null);
    JsonNode processors = system.path("ProcessorSummary");
    JsonNode cores =
        processors.has("CoreCount") ? processors.path("CoreCount") : processors.path("Count");
    JsonNode memory = system.at("/MemorySummary/TotalSystemMemoryGiB");
    if (!cores.isNumber() || !memory.isNumber()) {
      throw new DriverException(
          Kind.FAILED,
          "Redfish system "
              + systemUri
              + " on "
              + bmc
              + " reports no ProcessorSummary count or MemorySummary.TotalSystemMemoryGiB");
    }
    return new SystemSummary(cores.asInt(), Math.round(memory.asDouble() * 1024));
  }

  /** The system's URI, found once through the service root. */
  private String system() throws DriverException {
    String known = systemUri;
    if (known != null) {
      return known;
    }
    String systems = call("GET", "/redfish/v1/", null).at("/Systems/@odata.id").asText("");
    if (systems.isEmpty()) {
      throw new DriverException(Kind.FAILED, "Redfish service at " + base + " lists no Systems");
    }
    JsonNode members = call("GET", systems, null).path("Members");
    for (JsonNode member : members) {
      String uri = member.path("@odata.id").asText("");
      String id = uri.substring(uri.lastIndexOf('/') + 1);
      if (systemId.isEmpty() || systemId.get().equals(id)) {
        systemUri = uri;
        return uri;
      }
    }
    throw new DriverException(
        Kind.FAILED,
        "Redfish service at "
            + base
            + " has no system "
            + systemId.orElse("at all")
            + " among "
            + members);
  }

  private JsonNode call(String method, String path, Object body) throws DriverException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(timeout)
            .header("Authorization", authorization)
            .header("Accept", "application/json");
    try {
      if (body == null) {
        request.method(method, HttpRequest.BodyPublishers.noBody());
      } else {
        request
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
      }
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      int status = response.statusCode();
      if (status == 401 || status == 403) {
        throw new DriverException(
            Kind.FAILED, "Redfish " + bmc + " refused the credentials (" + status + ")");
      }
      if (status >= 400) {
        throw new DriverException(
            status >= 500 ? Kind.UNREACHABLE : Kind.FAILED,
            "Redfish "
                + method
                + " "
                + path
                + " on "
                + bmc
                + " answered "
                + status
                + ": "
                + message(response.body()));
      }
      String text = response.body();
      return text == null || text.isBlank() ? JSON.createObjectNode() : JSON.readTree(text);
    } catch (IOException e) {
      throw new DriverException(
          Kind.UNREACHABLE, "Redfish " + method + " " + path + " on " + bmc + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DriverException(Kind.UNREACHABLE, "interrupted talking to " + bmc, e);
    }
  }

  /** The Redfish error message of a response body, or the body itself. */
  private static String message(String body) {
    try {
      JsonNode error = JSON.readTree(body).path("error");
      String message = error.path("message").asText("");
      return message.isEmpty() ? body : error.path("code").asText("") + ": " + message;
    } catch (IOException e) {
      return body;
    }
  }
}
