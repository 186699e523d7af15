package dev.jaga.server.export;

import dev.jaga.config.ColumnRule;
import dev.jaga.config.DataClass;
import dev.jaga.config.Entity;
import dev.jaga.config.ExportAction;
import dev.jaga.config.ExportPolicy;
import dev.jaga.config.Identifier;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns an entity of the catalog into the SQL that exports it: only columns whose rule is
 * {@code include} or {@code mask:<how>} and whose class the tenant's residency map lets out; masks
 * applied by PostgreSQL, so a masked or {@code never} value never leaves the database.
 */
final class Projection {
  private Projection() {}

  /** The query for one entity; {@code pk} is its single-column primary key and its SQL type. */
  static EntityQuery of(
      Entity entity, ExportScope scope, Map<DataClass, ExportPolicy> policies, PrimaryKeys.Key pk) {
    List<String> fields = new ArrayList<>();
    fields.add(literal(entity.tenantKey()) + ", t." + quote(entity.tenantKey()));
    for (ColumnRule column : exported(entity, scope, policies)) {
      fields.add(literal(column.column()) + ", " + expression(column));
    }
    StringBuilder where = new StringBuilder(" where t." + quote(entity.tenantKey()) + " = ?");
    List<Object> parameters = new ArrayList<>(List.of(scope.tenantId()));
    if (scope.from().isPresent()) {
      where.append(" and t.").append(quote(entity.timeKey().orElseThrow())).append(" >= ?");
      parameters.add(Timestamp.from(scope.from().get()));
    }
    if (scope.until().isPresent()) {
      where.append(" and t.").append(quote(entity.timeKey().orElseThrow())).append(" < ?");
      parameters.add(Timestamp.from(scope.until().get()));
    }
    if (scope.subjectId().isPresent()) {
      where.append(" and t.").append(quote(entity.subjectKey().orElseThrow())).append("::text = ?");
      parameters.add(scope.subjectId().get());
    }
    String select =
        "select t." + quote(pk.column()) + "::text, json_build_object(" + String.join(", ", fields)
            + ")::text from " + quote(entity.schema()) + "." + quote(entity.table()) + " t";
    String order = " order by t." + quote(pk.column());
    String after = " and t." + quote(pk.column()) + " > cast(? as " + pk.type() + ")";
    return new EntityQuery(
        entity.name(), select + where + order, select + where + after + order, List.copyOf(parameters));
  }

  /**
   * The columns that leave the database. In a data subject's export, columns naming other people
   * (their name, email, phone) are left out unless the row is the subject's own person record, so
   * others appear by id only.
   */
  static List<ColumnRule> exported(Entity entity, ExportScope scope, Map<DataClass, ExportPolicy> policies) {
    boolean personRecord = entity.subjectKey().map(k -> isIdentity(entity, k)).orElse(false);
    List<ColumnRule> out = new ArrayList<>();
    for (ColumnRule column : entity.columns().values()) {
      boolean allowedOut =
          !(column.export() instanceof ExportAction.Never)
              && column.dataClass() != DataClass.SECRET
              && policies.getOrDefault(column.dataClass(), ExportPolicy.NEVER) != ExportPolicy.NEVER;
      boolean namesSomeoneElse =
          scope.subjectId().isPresent()
              && !personRecord
              && column.identifies().filter(OTHER_PEOPLE::contains).isPresent();
      if (allowedOut && !namesSomeoneElse) {
        out.add(column);
      }
    }
    return out;
  }

  private static final Set<Identifier> OTHER_PEOPLE = Set.of(Identifier.NAME, Identifier.EMAIL, Identifier.PHONE);

  /** Whether the subject key is the row's own identity (the users table), not a reference. */
  private static boolean isIdentity(Entity entity, String subjectKey) {
    ColumnRule rule = entity.columns().get(subjectKey);
    return rule != null && rule.identifies().orElse(null) == Identifier.USER_ID && subjectKey.equals("id");
  }

  private static String expression(ColumnRule column) {
    String c = "t." + quote(column.column());
    if (!(column.export() instanceof ExportAction.Mask mask)) {
      return c;
    }
    return switch (mask.how()) {
      case LAST4 -> "case when " + c + " is null then null else '****' || right(" + c + "::text, 4) end";
      case EMAIL_DOMAIN -> "case when " + c + " is null then null else '***@' || split_part(" + c + "::text, '@', 2) end";
      case HASH -> "encode(sha256(convert_to(" + c + "::text, 'UTF8')), 'hex')";
      case REDACT -> "case when " + c + " is null then null else '[redacted]' end";
      case YEAR -> "extract(year from " + c + ")::int";
    };
  }

  static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

  private static String literal(String text) {
    return "'" + text.replace("'", "''") + "'";
  }
}
