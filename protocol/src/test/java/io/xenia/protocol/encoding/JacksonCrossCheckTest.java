package io.xenia.protocol.encoding;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Checks the hand-written codec against Jackson, an independent JSON implementation. */
class JacksonCrossCheckTest {
  private static final ObjectMapper JACKSON = new ObjectMapper();

  @Test
  void jacksonReadsWhatWeWrite() throws Exception {
    RandomValues random = new RandomValues(1);
    for (int i = 0; i < 2_000; i++) {
      CanonicalValue value = random.next(0);
      JsonNode node = JACKSON.readTree(CanonicalJson.encode(value));
      assertEquals(value, fromJackson(node));
    }
  }

  @Test
  void weReadWhatJacksonWritesInAnyLayout() throws Exception {
    RandomValues random = new RandomValues(2);
    for (int i = 0; i < 2_000; i++) {
      CanonicalValue value = random.next(0);
      JsonNode node = toJackson(value);
      byte[] pretty = JACKSON.writer(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(node);
      CanonicalValue parsed = CanonicalJson.parse(pretty);
      assertEquals(value, parsed);
      assertEquals(
          CanonicalJson.encodeToString(value),
          CanonicalJson.encodeToString(CanonicalJson.parseCanonical(CanonicalJson.encode(parsed))));
    }
  }

  static CanonicalValue fromJackson(JsonNode node) {
    if (node.isObject()) {
      TreeMap<String, CanonicalValue> members = new TreeMap<>();
      Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        members.put(field.getKey(), fromJackson(field.getValue()));
      }
      return new CanonicalObject(members);
    } else if (node.isArray()) {
      List<CanonicalValue> elements = new ArrayList<>();
      node.forEach(element -> elements.add(fromJackson(element)));
      return new CanonicalArray(elements);
    } else if (node.isTextual()) {
      return CanonicalValue.of(node.textValue());
    } else if (node.isIntegralNumber()) {
      return CanonicalValue.of(node.longValue());
    } else if (node.isBoolean()) {
      return CanonicalValue.of(node.booleanValue());
    }
    throw new AssertionError("unexpected node " + node);
  }

  static JsonNode toJackson(CanonicalValue value) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    if (value instanceof CanonicalObject o) {
      ObjectNode node = f.objectNode();
      // Reverse order, so that the parser has to sort.
      o.members().entrySet().stream()
          .sorted(Map.Entry.<String, CanonicalValue>comparingByKey().reversed())
          .forEach(e -> node.set(e.getKey(), toJackson(e.getValue())));
      return node;
    } else if (value instanceof CanonicalArray a) {
      ArrayNode node = f.arrayNode();
      a.elements().forEach(e -> node.add(toJackson(e)));
      return node;
    } else if (value instanceof CanonicalString s) {
      return f.textNode(s.value());
    } else if (value instanceof CanonicalInteger i) {
      return f.numberNode(i.value());
    } else {
      return f.booleanNode(((CanonicalBoolean) value).value());
    }
  }
}
