package io.xenia.bmcsim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Redfish protocol over real HTTP on 127.0.0.1, with an in-memory system behind it (the QEMU
 * system is exercised by host-daemon's qemu driver tests).
 */
class RedfishServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String AUTH =
      "Basic "
          + Base64.getEncoder().encodeToString("admin:s3cret".getBytes(StandardCharsets.UTF_8));
  private static final InMemorySystem SYSTEM = new InMemorySystem("node1", 2, 512);
  private static RedfishServer server;

  @BeforeAll
  static void start() throws Exception {
    server =
        new RedfishServer(
            new InetSocketAddress("127.0.0.1", 0), "admin", "s3cret", List.of(SYSTEM));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static HttpResponse<String> call(String method, String path, String body, String auth)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (auth != null) {
      request.header("Authorization", auth);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> response) throws Exception {
    return JSON.readTree(response.body());
  }

  @Test
  void serviceRootIsOpenAndLinksTheSystems() throws Exception {
    HttpResponse<String> root = call("GET", "/redfish/v1/", null, null);
    assertEquals(200, root.statusCode());
    assertEquals("#ServiceRoot.v1_5_0.ServiceRoot", json(root).get("@odata.type").asText());
    assertEquals("/redfish/v1/Systems", json(root).at("/Systems/@odata.id").asText());
    assertEquals("/redfish/v1/", json(call("GET", "/redfish", null, null)).get("v1").asText());
  }

  @Test
  void systemsNeedBasicAuthentication() throws Exception {
    HttpResponse<String> anonymous = call("GET", "/redfish/v1/Systems", null, null);
    assertEquals(401, anonymous.statusCode());
    assertTrue(anonymous.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"));
    assertEquals("Base.1.8.NoValidSession", json(anonymous).at("/error/code").asText());
    String wrong =
        "Basic "
            + Base64.getEncoder().encodeToString("admin:nope".getBytes(StandardCharsets.UTF_8));
    assertEquals(401, call("GET", "/redfish/v1/Systems/node1", null, wrong).statusCode());
    assertEquals(
        401,
        call(
                "POST",
                "/redfish/v1/Systems/node1/Actions/ComputerSystem.Reset",
                "{\"ResetType\":\"On\"}",
                null)
            .statusCode());
  }

  @Test
  void collectionListsTheSystem() throws Exception {
    JsonNode collection = json(call("GET", "/redfish/v1/Systems", null, AUTH));
    assertEquals(1, collection.get("Members@odata.count").asInt());
    assertEquals("/redfish/v1/Systems/node1", collection.at("/Members/0/@odata.id").asText());
  }

  @Test
  void resetChangesThePowerState() throws Exception {
    String reset = "/redfish/v1/Systems/node1/Actions/ComputerSystem.Reset";
    assertEquals(204, call("POST", reset, "{\"ResetType\":\"On\"}", AUTH).statusCode());
    JsonNode system = json(call("GET", "/redfish/v1/Systems/node1", null, AUTH));
    assertEquals("On", system.get("PowerState").asText());
    assertEquals(reset, system.at("/Actions/#ComputerSystem.Reset/target").asText());
    assertEquals(204, call("POST", reset, "{\"ResetType\":\"ForceOff\"}", AUTH).statusCode());
    assertEquals(
        "Off",
        json(call("GET", "/redfish/v1/Systems/node1", null, AUTH)).get("PowerState").asText());
  }

  @Test
  void badResetRequestsAre400() throws Exception {
    String reset = "/redfish/v1/Systems/node1/Actions/ComputerSystem.Reset";
    HttpResponse<String> unknown = call("POST", reset, "{\"ResetType\":\"Explode\"}", AUTH);
    assertEquals(400, unknown.statusCode());
    assertEquals(
        "Base.1.8.ActionParameterValueNotInList", json(unknown).at("/error/code").asText());
    HttpResponse<String> missing = call("POST", reset, "{}", AUTH);
    assertEquals(400, missing.statusCode());
    assertEquals("Base.1.8.ActionParameterMissing", json(missing).at("/error/code").asText());
    HttpResponse<String> malformed = call("POST", reset, "{ResetType", AUTH);
    assertEquals(400, malformed.statusCode());
    assertEquals("Base.1.8.MalformedJSON", json(malformed).at("/error/code").asText());
    assertEquals(405, call("GET", reset, null, AUTH).statusCode());
  }

  @Test
  void unknownResourcesAre404() throws Exception {
    HttpResponse<String> unknown = call("GET", "/redfish/v1/Systems/node9", null, AUTH);
    assertEquals(404, unknown.statusCode());
    assertEquals("Base.1.8.ResourceNotFound", json(unknown).at("/error/code").asText());
    assertEquals(
        404,
        call(
                "POST",
                "/redfish/v1/Systems/node9/Actions/ComputerSystem.Reset",
                "{\"ResetType\":\"On\"}",
                AUTH)
            .statusCode());
    assertEquals(404, call("GET", "/redfish/v1/Managers", null, AUTH).statusCode());
  }

  @Test
  void bootOverrideIsPatchedAndValidated() throws Exception {
    String body =
        "{\"Boot\":{\"BootSourceOverrideTarget\":\"Pxe\",\"BootSourceOverrideEnabled\":\"Once\"}}";
    HttpResponse<String> patched = call("PATCH", "/redfish/v1/Systems/node1", body, AUTH);
    assertEquals(200, patched.statusCode());
    assertEquals("Pxe", json(patched).at("/Boot/BootSourceOverrideTarget").asText());
    assertEquals(
        new BootOverride(BootOverride.Target.Pxe, BootOverride.Enabled.Once),
        SYSTEM.bootOverride());
    HttpResponse<String> bad =
        call(
            "PATCH",
            "/redfish/v1/Systems/node1",
            "{\"Boot\":{\"BootSourceOverrideTarget\":\"Floppy\"}}",
            AUTH);
    assertEquals(400, bad.statusCode());
    assertEquals("Base.1.8.PropertyValueNotInList", json(bad).at("/error/code").asText());
    assertEquals(405, call("DELETE", "/redfish/v1/Systems/node1", null, AUTH).statusCode());
  }
}
