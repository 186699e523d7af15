package dev.jaga.server.erasure;

import dev.jaga.config.Catalog;
import dev.jaga.config.Entity;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.inject.Inject;
import javax.inject.Singleton;
import org.jooq.DSLContext;
import org.jooq.Record;

/**
 * What erasure and purge must know of the cataloged tables beyond the catalog: each table's
 * primary key, its columns' types and nullability, and the order in which rows can be deleted
 * without tripping a foreign key (children before parents). Read from PostgreSQL's catalog, which
 * every role may read, once per table.
 */
@Singleton
public final class AppSchema {
  /** A table's single-column primary key and its columns (name to SQL type and nullability). */
  public record Shape(String primaryKey, Map<String, Column> columns) {}

  /** A column's SQL type, as {@code format_type} spells it, and whether it may be NULL. */
  public record Column(String type, boolean nullable) {
    boolean isText() {
      return type.equals("text") || type.startsWith("character");
    }
  }

  private final DSLContext dsl;
  private final Map<String, Shape> shapes = new ConcurrentHashMap<>();

  @Inject
  public AppSchema(DSLContext dsl) {
    this.dsl = dsl;
  }

  public Shape shape(Entity entity) {
    return shapes.computeIfAbsent(entity.qualifiedTable(), t -> lookUp(entity));
  }

  /** The catalog's entities in an order where every table comes before the tables it references. */
  public List<Entity> deletionOrder(Catalog catalog) {
    Map<String, Entity> byTable = new LinkedHashMap<>();
    catalog.entities().values().forEach(e -> byTable.put(e.qualifiedTable(), e));
    Map<String, Set<String>> parents = new HashMap<>();
    for (Record r : dsl.resultQuery(
        "select c.conrelid::regclass::text, c.confrelid::regclass::text from pg_constraint c"
            + " where c.contype = 'f' and c.conrelid <> c.confrelid").fetch()) {
      parents.computeIfAbsent(r.get(0, String.class), k -> new HashSet<>()).add(r.get(1, String.class));
    }
    // Children first: a table is emitted once every table that references it has been.
    List<Entity> order = new ArrayList<>();
    Set<String> done = new HashSet<>();
    while (order.size() < byTable.size()) {
      boolean progress = false;
      for (Map.Entry<String, Entity> e : byTable.entrySet()) {
        if (done.contains(e.getKey())) {
          continue;
        }
        boolean referencedByPending = byTable.keySet().stream()
            .anyMatch(child -> !done.contains(child) && !child.equals(e.getKey())
                && parents.getOrDefault(child, Set.of()).contains(e.getKey()));
        if (!referencedByPending) {
          order.add(e.getValue());
          done.add(e.getKey());
          progress = true;
        }
      }
      if (!progress) {
        throw new IllegalStateException("the cataloged tables reference each other in a cycle: " + byTable.keySet());
      }
    }
    return order;
  }

  private Shape lookUp(Entity entity) {
    String table = quote(entity.schema()) + "." + quote(entity.table());
    var keys = dsl.resultQuery(
            "select a.attname::text from pg_index i join pg_attribute a on a.attrelid = i.indrelid"
                + " and a.attnum = any(i.indkey) where i.indisprimary and i.indrelid = cast(? as regclass)", table)
        .fetch();
    if (keys.size() != 1) {
      throw new IllegalStateException("catalog entity " + entity.name() + " (" + entity.qualifiedTable()
          + ") needs a single-column primary key for erasure; it has " + keys.size());
    }
    Map<String, Column> columns = new LinkedHashMap<>();
    for (Record r : dsl.resultQuery(
        "select a.attname::text, format_type(a.atttypid, a.atttypmod), not a.attnotnull from pg_attribute a"
            + " where a.attrelid = cast(? as regclass) and a.attnum > 0 and not a.attisdropped order by a.attnum",
        table).fetch()) {
      columns.put(r.get(0, String.class), new Column(r.get(1, String.class), r.get(2, Boolean.class)));
    }
    return new Shape(keys.get(0).get(0, String.class), columns);
  }

  /** A SQL identifier, quoted (catalog names are validated lower-case identifiers already). */
  public static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

  /** {@code "schema"."table"} of an entity. */
  public static String table(Entity entity) {
    return quote(entity.schema()) + "." + quote(entity.table());
  }
}
