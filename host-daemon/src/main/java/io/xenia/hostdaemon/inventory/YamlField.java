package io.xenia.hostdaemon.inventory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A YAML node with its dotted path, read field by field: every error names the source, the line and
 * the path. Scalars are read as the text written (YAML's own typing of {@code on}, {@code 0.40} or
 * dates is not applied), so {@code perHour: 0.40} is the money "0.40". {@link #finish()} refuses
 * keys nobody read, so a misspelled key is an error, not a silently ignored setting.
 */
final class YamlField {
  private final String source;
  private final String path;
  private final Node node;
  private final Map<String, YamlField> members;
  private final Set<String> read = new HashSet<>();

  private YamlField(String source, String path, Node node) {
    this.source = source;
    this.path = path;
    this.node = node;
    this.members = node instanceof MappingNode m ? members(m) : Map.of();
  }

  static YamlField root(String source, Node node) {
    YamlField f = new YamlField(source, "", node);
    if (!(node instanceof MappingNode)) {
      throw f.error("the file must hold a mapping (key: value lines) at the top");
    }
    return f;
  }

  private Map<String, YamlField> members(MappingNode m) {
    Map<String, YamlField> out = new LinkedHashMap<>();
    for (NodeTuple t : m.getValue()) {
      Node k = t.getKeyNode();
      if (!(k instanceof ScalarNode sk)) {
        throw new YamlField(source, path, k).error("keys must be plain words");
      }
      String key = sk.getValue();
      YamlField child =
          new YamlField(source, path.isEmpty() ? key : path + "." + key, t.getValueNode());
      if (out.put(key, child) != null) {
        throw new YamlField(source, child.path, k).error("appears twice");
      }
    }
    return out;
  }

  InventoryException error(String problem) {
    int line = node.getStartMark().getLine() + 1;
    return new InventoryException(
        source + " line " + line + ": " + (path.isEmpty() ? "" : path + ": ") + problem);
  }

  String path() {
    return path;
  }

  boolean isNull() {
    return node instanceof ScalarNode s && s.getTag().equals(Tag.NULL);
  }

  /** A member, or empty if absent or null. */
  Optional<YamlField> optional(String key) {
    read.add(key);
    YamlField f = members.get(key);
    return f == null || f.isNull() ? Optional.empty() : Optional.of(f);
  }

  YamlField required(String key) {
    return optional(key).orElseThrow(() -> error("missing required key \"" + key + "\""));
  }

  YamlField mapping(String key) {
    YamlField f = required(key);
    f.requireMapping();
    return f;
  }

  Optional<YamlField> optionalMapping(String key) {
    Optional<YamlField> f = optional(key);
    f.ifPresent(YamlField::requireMapping);
    return f;
  }

  private void requireMapping() {
    if (!(node instanceof MappingNode)) {
      throw error("must be a mapping (key: value), not " + describe());
    }
  }

  /** This node's text. */
  String text() {
    if (!(node instanceof ScalarNode s)) {
      throw error("must be a single value, not " + describe());
    }
    return s.getValue();
  }

  String string(String key) {
    return required(key).text();
  }

  Optional<String> optionalString(String key) {
    return optional(key).map(YamlField::text);
  }

  /** A required value converted by {@code parser}, whose IllegalArgumentException names it. */
  <T> T parsed(String key, String expected, Function<String, T> parser) {
    return required(key).as(expected, parser);
  }

  <T> Optional<T> optionalParsed(String key, String expected, Function<String, T> parser) {
    return optional(key).map(f -> f.as(expected, parser));
  }

  <T> T as(String expected, Function<String, T> parser) {
    String text = text();
    try {
      return parser.apply(text);
    } catch (RuntimeException e) {
      String why = e.getMessage() == null ? "" : " (" + e.getMessage() + ")";
      throw error("must be " + expected + ", not \"" + text + "\"" + why);
    }
  }

  long integer(String key, long min, long max) {
    return required(key).asInteger(min, max);
  }

  Optional<Long> optionalInteger(String key, long min, long max) {
    return optional(key).map(f -> f.asInteger(min, max));
  }

  long asInteger(long min, long max) {
    long v = as("a whole number", Long::parseLong);
    if (v < min || v > max) {
      throw error("must be in " + min + ".." + max + ", not " + v);
    }
    return v;
  }

  /** A sequence member's elements; empty if absent. */
  List<YamlField> list(String key) {
    Optional<YamlField> f = optional(key);
    if (f.isEmpty()) {
      return List.of();
    }
    if (!(f.get().node instanceof SequenceNode seq)) {
      throw f.get().error("must be a list, not " + f.get().describe());
    }
    List<YamlField> out = new ArrayList<>();
    List<Node> items = seq.getValue();
    for (int i = 0; i < items.size(); i++) {
      out.add(new YamlField(source, f.get().path + "[" + i + "]", items.get(i)));
    }
    return out;
  }

  List<String> strings(String key) {
    return list(key).stream().map(YamlField::text).toList();
  }

  /** The mapping's keys, marking all as read. */
  Set<String> keys() {
    read.addAll(members.keySet());
    return members.keySet();
  }

  /** Refuses keys that were not read. */
  void finish() {
    for (Map.Entry<String, YamlField> e : members.entrySet()) {
      if (!read.contains(e.getKey())) {
        throw e.getValue().error("unknown key (misspelled?)");
      }
    }
  }

  private String describe() {
    if (node instanceof MappingNode) {
      return "a mapping";
    }
    if (node instanceof SequenceNode) {
      return "a list";
    }
    return "\"" + ((ScalarNode) node).getValue() + "\"";
  }
}
