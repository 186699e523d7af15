package dev.jaga.server.export;

import dev.jaga.config.Entity;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.inject.Inject;
import javax.inject.Singleton;
import org.jooq.DSLContext;

/** The single-column primary key of each exported table, which orders and resumes its stream. */
@Singleton
final class PrimaryKeys {
  /** A primary key column and its SQL type, e.g. {@code id uuid}. */
  record Key(String column, String type) {}

  private final DSLContext dsl;
  private final Map<String, Key> cache = new ConcurrentHashMap<>();

  @Inject
  PrimaryKeys(DSLContext dsl) {
    this.dsl = dsl;
  }

  Key of(Entity entity) {
    return cache.computeIfAbsent(entity.qualifiedTable(), table -> lookUp(entity));
  }

  private Key lookUp(Entity entity) {
    var keys =
        dsl.resultQuery(
                "select a.attname::text, format_type(a.atttypid, a.atttypmod) from pg_index i"
                    + " join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)"
                    + " where i.indisprimary and i.indrelid = cast(? as regclass)",
                Projection.quote(entity.schema()) + "." + Projection.quote(entity.table()))
            .fetch();
    if (keys.size() != 1) {
      // A configuration problem of the deployment, not of the caller: logged with an error id.
      throw new IllegalStateException(
          "catalog entity " + entity.name() + " (" + entity.qualifiedTable()
              + ") needs a single-column primary key to be streamed; it has " + keys.size());
    }
    return new Key(String.valueOf(keys.get(0).get(0)), String.valueOf(keys.get(0).get(1)));
  }
}
