package dev.jaga.server.export;

import java.util.List;

/**
 * How one entity of an export is read: a keyset-paged query that projects each row to one JSON
 * object in SQL (masking included), ordered by the primary key so a stream can resume after any row.
 *
 * @param sql selects (primary key as text, JSON object as text); its parameters are {@code
 *     parameters}, then, when resuming within the entity, the last key sent
 * @param resumeSql the same query restricted to keys after a last key (one more parameter)
 */
record EntityQuery(String entity, String sql, String resumeSql, List<Object> parameters) {}
