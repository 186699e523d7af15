package dev.jaga.config.yaml;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/** Reads one YAML file into a line-tracking {@link YamlNode} tree, reporting unreadable files instead of throwing. */
public final class YamlFile {

  private YamlFile() {}

  /** Returns the document's root, or empty after reporting why the file cannot be used at all. */
  public static Optional<YamlNode> read(Path file, ProblemSink sink) {
    String name = file.getFileName().toString();
    Node root;
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      // Composing (not constructing) keeps every node's position and builds no Java objects from tags.
      root = new Yaml(options()).compose(reader);
    } catch (NoSuchFileException e) {
      sink.report(name, 0, "", "file not found at " + file.toAbsolutePath()
          + "; the configuration directory needs regions.yaml, residency.yaml and catalog.yaml");
      return Optional.empty();
    } catch (CharacterCodingException e) {
      sink.report(name, 0, "", "file is not valid UTF-8; save it as UTF-8");
      return Optional.empty();
    } catch (IOException e) {
      sink.report(name, 0, "", "cannot read " + file.toAbsolutePath() + ": " + e.getMessage());
      return Optional.empty();
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      // An unclosed bracket or quote is found lines after it was opened; name both places.
      String context = e.getContext() == null ? ""
          : e.getContextMark() == null || e.getContextMark().getLine() == mark.getLine() ? " (" + e.getContext() + ")"
          : " (" + e.getContext() + " that starts on line " + (e.getContextMark().getLine() + 1) + ")";
      sink.report(name, mark == null ? 0 : mark.getLine() + 1, "",
          "YAML syntax error: " + e.getProblem() + context
              + "; check the indentation and quoting on this line and the one before it");
      return Optional.empty();
    } catch (YAMLException e) {
      sink.report(name, 0, "", "YAML error: " + e.getMessage());
      return Optional.empty();
    }
    if (root == null) {
      sink.report(name, 0, "", "file is empty; see the comments in the checked-in example for its shape");
      return Optional.empty();
    }
    return Optional.of(YamlNode.root(name, root, sink));
  }

  private static LoaderOptions options() {
    LoaderOptions options = new LoaderOptions();
    // compose() does not enforce this itself; YamlNode reports duplicate keys with both lines.
    options.setAllowDuplicateKeys(false);
    // Configuration has no use for alias bombs or self-referencing keys.
    options.setMaxAliasesForCollections(20);
    options.setAllowRecursiveKeys(false);
    options.setCodePointLimit(1 << 20);
    return options;
  }
}
