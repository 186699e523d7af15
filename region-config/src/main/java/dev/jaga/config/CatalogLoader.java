package dev.jaga.config;

import dev.jaga.config.yaml.YamlFile;
import dev.jaga.config.yaml.YamlMap;
import dev.jaga.config.yaml.YamlNode;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads catalog.yaml into {@link Catalog}: every tenant-owned table, its tenant key and its classified columns. */
final class CatalogLoader {

  static final String FILE = "catalog.yaml";

  private static final Pattern ENTITY_NAME = Pattern.compile("^[a-z][a-z0-9_]*$");
  private static final Pattern COLUMN_NAME = Pattern.compile("^[a-z_][a-z0-9_]*$");
  private static final Pattern TABLE = Pattern.compile("^([a-z_][a-z0-9_]*)\\.([a-z_][a-z0-9_]*)$");
  private static final String CLASSES = EnumIds.list(DataClass.class);
  /** Erasing a subject must remove or neutralise these classes, or retain them under a stated legal basis. */
  private static final Set<DataClass> NEVER_KEPT = EnumSet.of(DataClass.PERSONAL, DataClass.SENSITIVE, DataClass.SECRET);

  private final Problems problems;
  private final Map<String, String> tableOwners = new HashMap<>();
  private final Map<String, Entity> entities = new LinkedHashMap<>();

  private CatalogLoader(Problems problems) {
    this.problems = problems;
  }

  static Optional<Catalog> load(Path file, Problems problems) {
    int before = problems.count();
    Optional<YamlMap> root = YamlFile.read(file, problems).flatMap(YamlNode::asMap);
    if (root.isEmpty()) {
      return Optional.empty();
    }
    CatalogLoader loader = new CatalogLoader(problems);
    root.get().allowOnly(List.of("entities"));
    root.get().required("entities", "list the application's tenant-owned tables under entities:")
        .flatMap(YamlNode::asMap)
        .ifPresent(m -> m.fields().forEach(loader::readEntity));
    return problems.count() == before ? Optional.of(new Catalog(loader.entities)) : Optional.empty();
  }

  private void readEntity(String name, YamlNode node) {
    int before = problems.count();
    if (!ENTITY_NAME.matcher(name).matches()) {
      node.problem("entity name '" + name + "' must be lower-case letters, digits and underscores, e.g. contacts");
    }
    Optional<YamlMap> fields = node.asMap();
    if (fields.isEmpty()) {
      return;
    }
    YamlMap m = fields.get();
    m.allowOnly(List.of("table", "tenant_key", "subject_key", "time_key", "columns"));
    Optional<Matcher> table = m.required("table", "add table: <schema>.<table>, e.g. app." + name)
        .flatMap(n -> n.asText().flatMap(text -> readTable(name, n, text)));
    Optional<String> tenantKey = m.get("tenant_key").flatMap(this::columnName);
    if (m.get("tenant_key").isEmpty()) {
      String qualified = table.map(t -> " (" + t.group() + ")").orElse("");
      node.problem("entity '" + name + "'" + qualified + " has no tenant_key: every tenant-owned table needs a "
          + "non-null tenant key column; add tenant_key: <column>");
    }
    Map<String, ColumnRule> columns = new LinkedHashMap<>();
    Set<String> declared = new HashSet<>(); // includes invalid columns, which are reported on their own
    m.required("columns", "list every column with its class, export and erase rules").flatMap(YamlNode::asMap)
        .ifPresent(cols -> {
          if (cols.fields().isEmpty()) {
            cols.node().problem("entity '" + name + "' has no columns; list every column with its class, "
                + "export and erase rules");
          }
          declared.addAll(cols.fields().keySet());
          cols.fields().forEach((column, columnNode) -> {
            if (tenantKey.filter(column::equals).isPresent()) {
              columnNode.problem("column '" + column + "' is the tenant_key, which is implied; remove it from "
                  + "columns");
              return;
            }
            readColumn(column, columnNode).ifPresent(rule -> columns.put(column, rule));
          });
        });
    Optional<String> subjectKey = listedKey(m, "subject_key", name, declared);
    Optional<String> timeKey = listedKey(m, "time_key", name, declared);
    if (problems.count() == before) {
      entities.put(name, new Entity(name, table.get().group(1), table.get().group(2), tenantKey.get(), subjectKey,
          timeKey, columns));
    }
  }

  private Optional<Matcher> readTable(String entity, YamlNode node, String text) {
    Matcher matcher = TABLE.matcher(text);
    if (!matcher.matches()) {
      node.problem("table '" + text + "' must be schema-qualified in lower case, e.g. app." + entity);
      return Optional.empty();
    }
    String owner = tableOwners.putIfAbsent(text, entity);
    if (owner != null) {
      node.problem("table " + text + " is already mapped by entity '" + owner + "'; map each table once");
    }
    return Optional.of(matcher);
  }

  /** subject_key and time_key must name a listed column, since their class decides how they are exported. */
  private Optional<String> listedKey(YamlMap m, String field, String entity, Set<String> columns) {
    Optional<YamlNode> node = m.get(field);
    Optional<String> column = node.flatMap(this::columnName);
    if (column.isPresent() && !columns.contains(column.get())) {
      node.get().problem(field + " '" + column.get() + "' is not among the columns of entity '" + entity
          + "'; list it under columns (with its class) or fix the name");
    }
    return column;
  }

  private Optional<ColumnRule> readColumn(String column, YamlNode node) {
    int before = problems.count();
    if (!COLUMN_NAME.matcher(column).matches()) {
      node.problem("column name '" + column + "' must be a lower-case SQL identifier");
    }
    Optional<YamlMap> fields = node.asMap();
    if (fields.isEmpty()) {
      return Optional.empty();
    }
    YamlMap m = fields.get();
    m.allowOnly(List.of("class", "export", "erase", "identifies"));
    if (m.get("class").isEmpty()) {
      node.problem("column '" + column + "' has no data class; an unclassified column is never exported and fails "
          + "the catalog check: add class: <one of " + CLASSES + ">");
    }
    Optional<DataClass> dataClass = m.get("class").flatMap(n -> parsed(n, DataClass::fromId,
        text -> "unknown data class '" + text + "'; known classes: " + CLASSES));
    Optional<YamlNode> exportNode = m.required("export", "add export: include | mask:<how> | never");
    Optional<ExportAction> export = exportNode.flatMap(n -> parsed(n, ExportAction::parse,
        text -> "invalid export '" + text + "'; expected include, never or mask:<"
            + EnumIds.list(MaskKind.class).replace(", ", "|") + ">"));
    Optional<YamlNode> eraseNode = m.required("erase", "add erase: delete | anonymize:<how> | retain:<period>:<basis>");
    Optional<ErasureAction> erase = eraseNode.flatMap(n -> parsed(n, ErasureAction::parse, CatalogLoader::eraseHint));
    Optional<Identifier> identifies = m.get("identifies").flatMap(n -> parsed(n, Identifier::fromId,
        text -> "unknown identifier '" + text + "'; expected " + EnumIds.list(Identifier.class)));
    dataClass.ifPresent(c -> {
      if (c == DataClass.SECRET && export.isPresent() && !(export.get() instanceof ExportAction.Never)) {
        exportNode.get().problem("data class 'secret' (credentials, session tokens, API keys) must never be "
            + "exported; set export: never");
      }
      if (NEVER_KEPT.contains(c) && erase.isPresent() && erase.get() instanceof ErasureAction.Keep) {
        eraseNode.get().problem("erase: keep is not allowed for class '" + c.id() + "': erasing a subject must "
            + "delete or anonymize it, or retain it under a legal basis (retain:<period>:<basis>)");
      }
    });
    if (problems.count() != before) {
      return Optional.empty();
    }
    return Optional.of(new ColumnRule(column, dataClass.get(), export.get(), erase.get(), identifies));
  }

  private Optional<String> columnName(YamlNode node) {
    return parsed(node, text -> COLUMN_NAME.matcher(text).matches() ? Optional.of(text) : Optional.empty(),
        text -> "column name '" + text + "' must be a lower-case SQL identifier");
  }

  private static String eraseHint(String text) {
    if (text.startsWith("retain:")) {
      String rest = text.substring(7);
      int colon = rest.indexOf(':');
      if (colon >= 0 && Periods.parsePositive(rest.substring(0, colon)).isEmpty()) {
        return "invalid period '" + rest.substring(0, colon) + "' in '" + text + "'; " + Periods.HINT;
      }
      return "retain needs a period and a legal basis: retain:<period>:<basis>, e.g. retain:P10Y:company documents law";
    }
    if (text.startsWith("anonymize:")) {
      return "unknown anonymization '" + text.substring(10) + "'; expected anonymize:<"
          + EnumIds.list(AnonymizeKind.class).replace(", ", "|") + ">";
    }
    return "invalid erase '" + text + "'; expected delete, keep, anonymize:<how> or retain:<period>:<basis>";
  }

  private static <T> Optional<T> parsed(YamlNode node, Function<String, Optional<T>> parser,
      Function<String, String> complaint) {
    return node.asText().flatMap(text -> {
      Optional<T> value = parser.apply(text);
      if (value.isEmpty()) {
        node.problem(complaint.apply(text));
      }
      return value;
    });
  }
}
