package dev.jaga.config.yaml;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/** A YAML mapping with text keys in file order, which reports duplicate, missing and unexpected fields. */
public final class YamlMap {

  private final YamlNode node;
  private final Map<String, YamlNode> fields;

  private YamlMap(YamlNode node, Map<String, YamlNode> fields) {
    this.node = node;
    this.fields = Collections.unmodifiableMap(fields);
  }

  static YamlMap of(YamlNode node, MappingNode mapping) {
    Map<String, YamlNode> fields = new LinkedHashMap<>();
    for (NodeTuple tuple : mapping.getValue()) {
      int keyLine = YamlNode.lineOf(tuple.getKeyNode());
      if (!(tuple.getKeyNode() instanceof ScalarNode key) || key.getValue().isBlank()) {
        node.sink().report(node.file(), keyLine, node.path(), "keys must be plain non-empty text");
        continue;
      }
      String name = key.getValue().strip();
      YamlNode child = node.child(name, keyLine, tuple.getValueNode());
      YamlNode first = fields.putIfAbsent(name, child);
      if (first != null) {
        // SnakeYAML's composer keeps both entries silently; a second value would otherwise win or be lost unnoticed.
        child.problem("duplicate key '" + name + "' (first on line " + first.line()
            + "); YAML keeps only one of them, so remove or rename one");
      }
    }
    return new YamlMap(node, fields);
  }

  public YamlNode node() {
    return node;
  }

  /** Every field in file order; a duplicated key appears once, with its first value. */
  public Map<String, YamlNode> fields() {
    return fields;
  }

  /** The field's value, empty when the field is absent or has no value (an optional field left blank). */
  public Optional<YamlNode> get(String key) {
    YamlNode value = fields.get(key);
    return value == null || value.isNull() ? Optional.empty() : Optional.of(value);
  }

  /** The field's value, or a reported problem saying it is missing and what to add. */
  public Optional<YamlNode> required(String key, String whatToAdd) {
    Optional<YamlNode> value = get(key);
    if (value.isEmpty()) {
      String path = node.path().isEmpty() ? key : node.path() + "." + key;
      // A field missing at the top of the file has no better line than the file itself.
      int line = fields.containsKey(key) ? fields.get(key).line() : node.isRoot() ? 0 : node.line();
      node.sink().report(node.file(), line, path, "missing required field '" + key + "'; " + whatToAdd);
    }
    return value;
  }

  /** Reports every field not in {@code allowed}, which is how typos such as {@code contry:} are caught. */
  public void allowOnly(Collection<String> allowed) {
    fields.forEach((key, value) -> {
      if (!allowed.contains(key)) {
        String guess = closest(key, allowed).map(g -> "did you mean '" + g + "'? ").orElse("");
        value.problem("unknown field '" + key + "'; " + guess + "expected fields: " + String.join(", ", allowed));
      }
    });
  }

  private static Optional<String> closest(String key, Collection<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      int distance = distance(key, candidate);
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    return bestDistance <= Math.max(1, key.length() / 3) ? Optional.ofNullable(best) : Optional.empty();
  }

  /** Levenshtein distance; the strings are field names, so the quadratic cost is irrelevant. */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
