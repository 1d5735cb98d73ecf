package io.xenia.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Fails when openapi/xenia-broker.yml or openapi/xenia-billing.yml differs from the document the
 * service's build generates from its code, so that the committed API descriptions never drift from
 * the APIs.
 */
class CommittedDocumentTest {

  @ParameterizedTest
  @ValueSource(strings = {"xenia-broker", "xenia-billing"})
  void theCommittedDocumentIsWhatTheBuildGenerates(String service) throws IOException {
    String resource = "META-INF/swagger/" + service + ".yml";
    String generated;
    try (InputStream in = getClass().getClassLoader().getResourceAsStream(resource)) {
      assertNotNull(in, resource + " is missing from the service's jar");
      generated = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertTrue(generated.startsWith("openapi: 3.1."), service + "'s document is not OpenAPI 3.1");
    Path committed =
        Path.of(System.getProperty("xenia.openapi.directory", ".")).resolve(service + ".yml");
    if (Boolean.getBoolean("xenia.openapi.update")) {
      Files.writeString(committed, generated, StandardCharsets.UTF_8);
    }
    String onDisk =
        Files.exists(committed) ? Files.readString(committed, StandardCharsets.UTF_8) : "";
    assertEquals(
        generated,
        onDisk,
        "openapi/"
            + service
            + ".yml is stale: run ./mvnw -B -pl openapi -am verify -Dxenia.openapi.update=true"
            + " and commit the result");
  }
}
