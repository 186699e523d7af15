package dev.jaga.config.yaml;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/** One node of a YAML document together with its file, dotted path and line, so every problem can say where it is. */
public final class YamlNode {

  private final String file;
  private final String path;
  private final int line;
  private final Node node;
  private final ProblemSink sink;
  private final boolean root;
  private YamlMap map; // built once, so duplicate keys are reported once however often it is read

  private YamlNode(String file, String path, int line, Node node, ProblemSink sink, boolean root) {
    this.file = file;
    this.path = path;
    this.line = line;
    this.node = node;
    this.sink = sink;
    this.root = root;
  }

  static YamlNode root(String file, Node node, ProblemSink sink) {
    return new YamlNode(file, "", lineOf(node), node, sink, true);
  }

  YamlNode child(String key, int keyLine, Node value) {
    return new YamlNode(file, path.isEmpty() ? key : path + "." + key, keyLine, value, sink, false);
  }

  static int lineOf(Node node) {
    return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
  }

  public String file() {
    return file;
  }

  /** Dotted path from the document root, e.g. {@code presets.in-country.classes.personal.where}. */
  public String path() {
    return path;
  }

  /** 1-based line of the key that introduced this node (of the node itself for list items and the root). */
  public int line() {
    return line;
  }

  boolean isRoot() {
    return root;
  }

  ProblemSink sink() {
    return sink;
  }

  /** Reports a problem located at this node. */
  public void problem(String message) {
    sink.report(file, line, path, message);
  }

  /** True for an explicit or implied null such as {@code key:} with nothing after it. */
  public boolean isNull() {
    return node instanceof ScalarNode && Tag.NULL.equals(node.getTag());
  }

  /** Returns the node as a mapping, or reports that a mapping was expected. */
  public Optional<YamlMap> asMap() {
    if (map != null) {
      return Optional.of(map);
    }
    if (!(node instanceof MappingNode mapping)) {
      problem("expected a mapping of fields (key: value), found " + describe());
      return Optional.empty();
    }
    map = YamlMap.of(this, mapping);
    return Optional.of(map);
  }

  /** Returns the items of a list, or reports that a list was expected. */
  public Optional<List<YamlNode>> asList() {
    if (!(node instanceof SequenceNode sequence)) {
      problem("expected a list such as [a, b], found " + describe());
      return Optional.empty();
    }
    List<YamlNode> items = new ArrayList<>();
    for (Node item : sequence.getValue()) {
      items.add(new YamlNode(file, path + "[" + items.size() + "]", lineOf(item), item, sink, false));
    }
    return Optional.of(items);
  }

  /** Returns the trimmed text of a non-empty scalar, or reports what was found instead. */
  public Optional<String> asText() {
    if (!(node instanceof ScalarNode scalar)) {
      problem("expected a single value, found " + describe());
      return Optional.empty();
    }
    String text = scalar.getValue().strip();
    if (isNull() || text.isEmpty()) {
      problem("has no value; give it one or remove the field");
      return Optional.empty();
    }
    return Optional.of(text);
  }

  /** Returns {@code true} or {@code false}; YAML 1.1 spellings such as {@code yes} are refused as ambiguous. */
  public Optional<Boolean> asBoolean() {
    return asText().flatMap(text -> {
      if (text.equals("true") || text.equals("false")) {
        return Optional.of(Boolean.parseBoolean(text));
      }
      problem("expected true or false, found '" + text + "'");
      return Optional.empty();
    });
  }

  private String describe() {
    if (node instanceof MappingNode) {
      return "a mapping";
    }
    if (node instanceof SequenceNode) {
      return "a list";
    }
    return isNull() ? "nothing" : "'" + ((ScalarNode) node).getValue() + "'";
  }
}
