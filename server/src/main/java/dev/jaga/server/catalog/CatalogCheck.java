package dev.jaga.server.catalog;

import dev.jaga.config.Catalog;
import dev.jaga.config.Entity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.jooq.Record;

/**
 * Compares catalog.yaml with the live database, so that a column the application adds without
 * classifying it is caught at start-up and in CI rather than found in an export later.
 *
 * <p>Every table of a schema the catalog covers must be an entity, every column of it classified,
 * every cataloged table and column must exist, and each tenant key must be {@code NOT NULL}.
 */
public final class CatalogCheck {
  /** One difference between the catalog and the database: where ({@code schema.table[.column]}) and what to do. */
  public record Problem(String where, String message) {
    @Override
    public String toString() {
      return where + ": " + message;
    }
  }

  /** Thrown by {@link #requireConsistent} with every problem found, not just the first. */
  public static final class MismatchException extends RuntimeException {
    private final List<Problem> problems;

    MismatchException(List<Problem> problems) {
      super(
          problems.stream()
              .map(Problem::toString)
              .collect(Collectors.joining("\n", "catalog.yaml does not match the database:\n", "")));
      this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
      return problems;
    }
  }

  /** A column as the database has it. */
  private record Column(String name, boolean notNull) {}

  // Ordinary and partitioned tables, but not partitions: a partition is covered by its parent.
  private static final String COLUMNS_SQL =
      """
      select n.nspname as schema_name, c.relname as table_name, a.attname as column_name,
             a.attnotnull as not_null
      from pg_catalog.pg_class c
      join pg_catalog.pg_namespace n on n.oid = c.relnamespace
      left join pg_catalog.pg_attribute a
        on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
      where n.nspname = any(?) and c.relkind in ('r', 'p') and not c.relispartition
      order by n.nspname, c.relname, a.attnum
      """;

  private final DSLContext dsl;

  public CatalogCheck(DSLContext dsl) {
    this.dsl = dsl;
  }

  /** Every difference between {@code catalog} and the database; empty when they agree. */
  public List<Problem> run(Catalog catalog) {
    Map<String, Map<String, Column>> tables = tablesOf(schemasOf(catalog));
    Map<String, Entity> byTable = new LinkedHashMap<>();
    catalog.entities().values().forEach(e -> byTable.put(e.qualifiedTable(), e));

    List<Problem> problems = new ArrayList<>();
    tables.forEach(
        (table, columns) -> {
          Entity entity = byTable.get(table);
          if (entity == null) {
            problems.add(
                new Problem(
                    table,
                    "table is not in catalog.yaml: add an entity for it with its tenant_key and"
                        + " every column classified (class, export, erase); until then none of"
                        + " it is ever exported"));
          } else {
            checkEntity(entity, columns, problems);
          }
        });
    byTable.forEach(
        (table, entity) -> {
          if (!tables.containsKey(table)) {
            problems.add(
                new Problem(
                    table,
                    "catalog.yaml entity '" + entity.name() + "' names a table that does not exist"
                        + " in the database: fix its table or remove the entity"));
          }
        });
    return List.copyOf(problems);
  }

  /** As {@link #run}, but throws with all the problems if there are any. */
  public void requireConsistent(Catalog catalog) {
    List<Problem> problems = run(catalog);
    if (!problems.isEmpty()) {
      throw new MismatchException(problems);
    }
  }

  private static void checkEntity(Entity entity, Map<String, Column> columns, List<Problem> problems) {
    String table = entity.qualifiedTable();
    Column tenantKey = columns.get(entity.tenantKey());
    if (tenantKey == null) {
      problems.add(
          new Problem(
              table + "." + entity.tenantKey(),
              "tenant_key of entity '" + entity.name() + "' does not exist in the database: every"
                  + " tenant-owned table needs a NOT NULL tenant column"));
    } else if (!tenantKey.notNull()) {
      problems.add(
          new Problem(
              table + "." + entity.tenantKey(),
              "tenant_key of entity '" + entity.name() + "' is nullable: make it NOT NULL, since a"
                  + " row without a tenant can be neither scoped nor exported safely"));
    }
    for (String column : columns.keySet()) {
      if (!column.equals(entity.tenantKey()) && !entity.columns().containsKey(column)) {
        problems.add(
            new Problem(
                table + "." + column,
                "column is not classified: add it to catalog.yaml under entities."
                    + entity.name() + ".columns with a class, an export rule and an erase rule;"
                    + " until then it is never exported"));
      }
    }
    for (String column : entity.columns().keySet()) {
      if (!columns.containsKey(column)) {
        problems.add(
            new Problem(
                table + "." + column,
                "catalog.yaml classifies a column that does not exist in the database: fix its"
                    + " name or remove it from entities." + entity.name() + ".columns"));
      }
    }
  }

  /** The schemas the catalog covers: all their tables are the application's tenant data. */
  private static Set<String> schemasOf(Catalog catalog) {
    return catalog.entities().values().stream()
        .map(Entity::schema)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** {@code schema.table} to its columns in table order, for every table of {@code schemas}. */
  private Map<String, Map<String, Column>> tablesOf(Set<String> schemas) {
    Map<String, Map<String, Column>> tables = new LinkedHashMap<>();
    for (Record row : dsl.fetch(COLUMNS_SQL, (Object) schemas.toArray(String[]::new))) {
      Map<String, Column> columns =
          tables.computeIfAbsent(
              row.get("schema_name", String.class) + "." + row.get("table_name", String.class),
              t -> new LinkedHashMap<>());
      String column = row.get("column_name", String.class);
      if (column != null) {
        columns.put(column, new Column(column, row.get("not_null", Boolean.class)));
      }
    }
    return tables;
  }
}
