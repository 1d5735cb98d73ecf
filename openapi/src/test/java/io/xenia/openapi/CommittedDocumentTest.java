package io.xenia.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Fails when openapi/xenia-broker.yml differs from the document the broker's build generates from
 * its code, so that the committed API description never drifts from the API.
 */
class CommittedDocumentTest {
  private static final String GENERATED = "META-INF/swagger/xenia-broker.yml";

  @Test
  void theCommittedDocumentIsWhatTheBuildGenerates() throws IOException {
    String generated;
    try (InputStream in = getClass().getClassLoader().getResourceAsStream(GENERATED)) {
      assertNotNull(in, GENERATED + " is missing from the broker's jar");
      generated = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertTrue(generated.startsWith("openapi: 3.1."), "the broker's document is not OpenAPI 3.1");
    Path committed = Path.of(System.getProperty("xenia.openapi.committed", "xenia-broker.yml"));
    if (Boolean.getBoolean("xenia.openapi.update")) {
      Files.writeString(committed, generated, StandardCharsets.UTF_8);
    }
    String onDisk =
        Files.exists(committed) ? Files.readString(committed, StandardCharsets.UTF_8) : "";
    assertEquals(
        generated,
        onDisk,
        "openapi/xenia-broker.yml is stale: run ./mvnw -B -pl openapi -am verify"
            + " -Dxenia.openapi.update=true and commit the result");
  }
}
