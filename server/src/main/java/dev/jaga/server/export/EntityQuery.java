package dev.jaga.server.export;

import java.util.List;
import java.util.Map;

/**
 * How one entity of an export is read: a binary COPY of its projection (masks applied by
 * PostgreSQL), ordered by the primary key so a stream can resume after any row.
 *
 * @param sql the COPY; its first column is the primary key as text, then one per field
 * @param resumeSql the same restricted to keys after the setting {@link Projection#AFTER}
 * @param settings transaction settings the queries read their values from (window, subject)
 * @param names the JSON field names, in column order after the key
 * @param kinds how each field's binary value becomes JSON
 */
record EntityQuery(
    String entity,
    String sql,
    String resumeSql,
    String unorderedSql,
    Map<String, String> settings,
    List<String> names,
    List<ValueKind> kinds) {
  CopyRowDecoder decoder() {
    return new CopyRowDecoder(names, kinds);
  }
}
