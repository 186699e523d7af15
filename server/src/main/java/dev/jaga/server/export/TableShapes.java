package dev.jaga.server.export;

import dev.jaga.config.Entity;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.inject.Inject;
import javax.inject.Singleton;
import org.jooq.DSLContext;

/**
 * What the export needs to know of each exported table: its single-column primary key, which
 * orders and resumes the stream, and each column's type, which says how its binary COPY value
 * becomes JSON.
 */
@Singleton
final class TableShapes {
  /** A primary key column and its SQL type, e.g. {@code id uuid}. */
  record Key(String column, String type) {}

  /** The key, and every column's type name ({@code pg_type.typname}, e.g. {@code int4}). */
  record Shape(Key key, Map<String, String> types) {}

  private final DSLContext dsl;
  private final Map<String, Shape> cache = new ConcurrentHashMap<>();

  @Inject
  TableShapes(DSLContext dsl) {
    this.dsl = dsl;
  }

  Shape of(Entity entity) {
    return cache.computeIfAbsent(entity.qualifiedTable(), table -> lookUp(entity));
  }

  private Shape lookUp(Entity entity) {
    String table = Projection.quote(entity.schema()) + "." + Projection.quote(entity.table());
    var keys =
        dsl.resultQuery(
                "select a.attname::text, format_type(a.atttypid, a.atttypmod) from pg_index i"
                    + " join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)"
                    + " where i.indisprimary and i.indrelid = cast(? as regclass)",
                table)
            .fetch();
    if (keys.size() != 1) {
      // A configuration problem of the deployment, not of the caller: logged with an error id.
      throw new IllegalStateException(
          "catalog entity " + entity.name() + " (" + entity.qualifiedTable()
              + ") needs a single-column primary key to be streamed; it has " + keys.size());
    }
    Map<String, String> types = new LinkedHashMap<>();
    dsl.resultQuery(
            "select a.attname::text, t.typname::text from pg_attribute a join pg_type t on t.oid = a.atttypid"
                + " where a.attrelid = cast(? as regclass) and a.attnum > 0 and not a.attisdropped",
            table)
        .forEach(r -> types.put(String.valueOf(r.get(0)), String.valueOf(r.get(1))));
    return new Shape(
        new Key(String.valueOf(keys.get(0).get(0)), String.valueOf(keys.get(0).get(1))), Map.copyOf(types));
  }
}
