package io.xenia.protocol.vectors;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xenia.protocol.crypto.Ed25519KeyPair;
import io.xenia.protocol.crypto.Ed25519PublicKey;
import io.xenia.protocol.encoding.CanonicalJson;
import io.xenia.protocol.encoding.CanonicalValue;
import io.xenia.protocol.records.Advertisement;
import io.xenia.protocol.records.Agreement;
import io.xenia.protocol.records.Fixtures;
import io.xenia.protocol.records.UsageRecord;
import io.xenia.protocol.signing.RecordType;
import io.xenia.protocol.signing.SignedEnvelope;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code src/test/resources/vectors} in step with the code, and checks each file on its own
 * terms, as another implementation would.
 *
 * <p>To regenerate after an intended change: {@code ./mvnw -B -pl protocol test
 * -Dtest=TestVectorsTest -Dxenia.vectors.write=true}, then review the diff.
 */
class TestVectorsTest {
  private static final Path DIR = Path.of("src/test/resources/vectors");
  private static final HexFormat HEX = HexFormat.of();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, RecordType<?>> TYPES =
      Map.of(
          "advertisement",
          Advertisement.TYPE,
          "agreement",
          Agreement.TYPE,
          "usage",
          UsageRecord.TYPE);

  @Test
  void checkedInVectorsMatchThisImplementation() throws IOException {
    boolean write = Boolean.getBoolean("xenia.vectors.write");
    for (Vector vector : Vectors.all()) {
      Path file = DIR.resolve(vector.name() + ".json");
      ObjectNode expected = render(vector);
      if (write) {
        Files.createDirectories(DIR);
        byte[] pretty = JSON.writer(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(expected);
        Files.write(file, concat(pretty, new byte[] {'\n'}));
      }
      assertTrue(Files.exists(file), file + " is missing; regenerate (see class Javadoc)");
      assertEquals(
          expected,
          JSON.readTree(file.toFile()),
          file
              + " differs from what the code produces; if intended, regenerate (see class Javadoc)");
    }
  }

  @Test
  void noStaleVectorFiles() throws IOException {
    Set<String> expected =
        Vectors.all().stream()
            .map(v -> v.name() + ".json")
            .collect(Collectors.toCollection(TreeSet::new));
    try (Stream<Path> files = Files.list(DIR)) {
      assertEquals(
          expected,
          files
              .map(p -> p.getFileName().toString())
              .collect(Collectors.toCollection(TreeSet::new)));
    }
  }

  /** What another implementation would do with each file, using only the file's contents. */
  @Test
  void eachVectorFileIsSelfConsistent() throws IOException {
    try (Stream<Path> files = Files.list(DIR)) {
      for (Path file : files.toList()) {
        JsonNode v = JSON.readTree(file.toFile());
        String type = v.get("recordType").textValue();
        byte[] canonical = HEX.parseHex(v.get("canonicalHex").textValue());
        assertArrayEquals(
            canonical, v.get("canonicalJson").textValue().getBytes(UTF_8), file.toString());
        CanonicalValue value = CanonicalJson.parseCanonical(canonical);
        assertArrayEquals(canonical, CanonicalJson.encode(value));
        if (v.has("input")) {
          CanonicalValue fromInput =
              CanonicalJson.parse(v.get("input").textValue().getBytes(UTF_8));
          assertArrayEquals(canonical, CanonicalJson.encode(fromInput), file + ": input");
        }
        byte[] signingInput = HEX.parseHex(v.get("signingInputHex").textValue());
        assertArrayEquals(
            concat(("xenia-v1:" + type + ":").getBytes(UTF_8), canonical),
            signingInput,
            file.toString());
        for (JsonNode s : v.get("signatures")) {
          Ed25519KeyPair key = Ed25519KeyPair.fromSeed(HEX.parseHex(s.get("seedHex").textValue()));
          Ed25519PublicKey pub = Ed25519PublicKey.fromHex(s.get("publicKeyHex").textValue());
          assertEquals(pub, key.publicKey(), file + ": seed and public key");
          byte[] signature = HEX.parseHex(s.get("signatureHex").textValue());
          assertTrue(pub.verify(signingInput, signature), file + ": signature");
          assertArrayEquals(signature, key.sign(signingInput), file + ": Ed25519 is deterministic");
        }
        SignedEnvelope envelope =
            SignedEnvelope.fromJson(v.get("envelopeJson").textValue().getBytes(UTF_8));
        assertArrayEquals(canonical, envelope.body());
        assertEquals(v.get("signatures").size(), envelope.signatures().size());
        if (TYPES.containsKey(type)) {
          envelope.open(TYPES.get(type));
        }
      }
    }
  }

  @Test
  void recordVectorsOpenAsTheirRecords() {
    for (Vector vector : Vectors.all()) {
      SignedEnvelope envelope = envelope(vector);
      switch (vector.recordType()) {
        case "advertisement" ->
            assertEquals(Fixtures.advertisement(), Advertisement.open(envelope).record());
        case "agreement" ->
            assertEquals(
                Fixtures.agreement(),
                Agreement.open(envelope, Fixtures.BROKER.publicKey()).record());
        case "usage" -> assertEquals(Fixtures.usage(), UsageRecord.open(envelope).record());
        default -> assertEquals(Vectors.TEST_TYPE, vector.recordType());
      }
    }
  }

  private static SignedEnvelope envelope(Vector vector) {
    RecordType<CanonicalValue> type = new RecordType<>(vector.recordType(), v -> v, v -> v);
    SignedEnvelope envelope = SignedEnvelope.sign(type, vector.value(), vector.signers().get(0));
    for (Ed25519KeyPair more : vector.signers().subList(1, vector.signers().size())) {
      envelope = envelope.cosign(more);
    }
    return envelope;
  }

  private static ObjectNode render(Vector vector) {
    byte[] canonical = CanonicalJson.encode(vector.value());
    byte[] signingInput = SignedEnvelope.signingInput(vector.recordType(), canonical);
    ObjectNode node = JSON.createObjectNode();
    node.put("name", vector.name());
    node.put("description", vector.description());
    node.put("recordType", vector.recordType());
    vector.input().ifPresent(input -> node.put("input", input));
    node.put("canonicalJson", new String(canonical, UTF_8));
    node.put("canonicalHex", HEX.formatHex(canonical));
    node.put("signingInputHex", HEX.formatHex(signingInput));
    ArrayNode signatures = node.putArray("signatures");
    for (Ed25519KeyPair key : vector.signers()) {
      ObjectNode s = signatures.addObject();
      s.put("seedHex", HEX.formatHex(key.seed()));
      s.put("publicKeyHex", key.publicKey().toHex());
      s.put("signatureHex", HEX.formatHex(key.sign(signingInput)));
    }
    node.put("envelopeJson", new String(envelope(vector).toJson(), UTF_8));
    return node;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
