package dev.jaga.server.erasure;

import static dev.jaga.server.erasure.AppSchema.quote;

import dev.jaga.api.v1.ErasureVerification;
import dev.jaga.config.Catalog;
import dev.jaga.config.ColumnRule;
import dev.jaga.config.Entity;
import dev.jaga.config.Identifier;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * The proof after an erasure: the subject's identifiers, read before anything changed and kept
 * only in memory, are searched for in every cataloged column that can hold one, outside the rows
 * retained by law.
 *
 * <p>User ids, e-mail addresses and phone numbers identify; a match on one of them is a remaining
 * reference and fails the verification. A name does not identify on its own (two people may share
 * it), so a name match is reported for a person to look at, not counted as a reference.
 */
final class Verification {
  private final AppSchema schema;
  private final Catalog catalog;

  Verification(AppSchema schema, Catalog catalog) {
    this.schema = schema;
    this.catalog = catalog;
  }

  /** The subject's identifiers, from the rows that are the subject (subject key = primary key). */
  Map<Identifier, Set<String>> capture(DSLContext tx, String tenantId, String subjectId) {
    Map<Identifier, Set<String>> found = new EnumMap<>(Identifier.class);
    found.computeIfAbsent(Identifier.USER_ID, k -> new LinkedHashSet<>()).add(subjectId);
    for (Entity entity : catalog.entities().values()) {
      if (!isPersonRecord(entity)) {
        continue;
      }
      List<ColumnRule> columns = identifying(entity);
      if (columns.isEmpty()) {
        continue;
      }
      String select = String.join(", ", columns.stream().map(c -> "t." + quote(c.column()) + "::text").toList());
      for (Record r : tx.fetch("select " + select + " from " + AppSchema.table(entity) + " t where "
          + ErasurePlanner.subjectRows(entity), tenantId, subjectId)) {
        for (int i = 0; i < columns.size(); i++) {
          String value = r.get(i, String.class);
          if (value != null && !value.isBlank()) {
            found.computeIfAbsent(columns.get(i).identifies().orElseThrow(), k -> new LinkedHashSet<>())
                .add(normalised(columns.get(i).identifies().orElseThrow(), value));
          }
        }
      }
    }
    return found;
  }

  /** Whether the subject key is the primary key: the row is the person, not something they own. */
  boolean isPersonRecord(Entity entity) {
    return entity.subjectKey().map(k -> k.equals(schema.shape(entity).primaryKey())).orElse(false);
  }

  ErasureVerification verify(DSLContext tx, String tenantId, Map<Identifier, Set<String>> identifiers) {
    ErasureVerification.Builder out = ErasureVerification.newBuilder();
    int checked = 0;
    long remaining = 0;
    for (Entity entity : catalog.entities().values()) {
      for (ColumnRule column : identifying(entity)) {
        Identifier kind = column.identifies().orElseThrow();
        checked++;
        Set<String> values = identifiers.getOrDefault(kind, Set.of());
        if (values.isEmpty()) {
          continue;
        }
        long rows = count(tx, entity, column, kind, values, tenantId);
        if (rows == 0) {
          continue;
        }
        String finding = entity.name() + "." + column.column() + ": " + rows + " rows";
        if (kind == Identifier.NAME) {
          out.addNameMatches(finding);
        } else {
          remaining += rows;
          out.addFindings(finding);
        }
      }
    }
    return out.setColumnsChecked(checked).setRemainingReferences(remaining).setPassed(remaining == 0).build();
  }

  private long count(DSLContext tx, Entity entity, ColumnRule column, Identifier kind, Set<String> values,
      String tenantId) {
    String pk = quote(schema.shape(entity).primaryKey());
    String sql = "select count(*) from " + AppSchema.table(entity) + " t where t." + quote(entity.tenantKey())
        + " = ? and " + comparable(kind, "t." + quote(column.column()) + "::text") + " = any(cast(? as text[]))"
        + " and not exists (select 1 from jaga.retained_records r where r.tenant_id = t."
        + quote(entity.tenantKey()) + " and r.entity = ? and r.row_key = t." + pk + "::text)";
    Object n = tx.fetchValue(sql, tenantId,
        DSL.val(values.toArray(String[]::new), SQLDataType.VARCHAR.getArrayDataType()), entity.name());
    return ((Number) n).longValue();
  }

  /** The SQL form a column's value is compared in: case-insensitive e-mails and names, phone digits only. */
  private static String comparable(Identifier kind, String expression) {
    return switch (kind) {
      case USER_ID -> expression;
      case EMAIL, NAME -> "lower(" + expression + ")";
      case PHONE -> "regexp_replace(" + expression + ", '[^0-9]', '', 'g')";
    };
  }

  private static String normalised(Identifier kind, String value) {
    return switch (kind) {
      case USER_ID -> value;
      case EMAIL, NAME -> value.toLowerCase(Locale.ROOT);
      case PHONE -> value.replaceAll("[^0-9]", "");
    };
  }

  private static List<ColumnRule> identifying(Entity entity) {
    return entity.columns().values().stream().filter(c -> c.identifies().isPresent()).toList();
  }
}
