package dev.jaga.server.export;

import dev.jaga.config.ColumnRule;
import dev.jaga.config.DataClass;
import dev.jaga.config.Entity;
import dev.jaga.config.ExportAction;
import dev.jaga.config.ExportPolicy;
import dev.jaga.config.Identifier;
import dev.jaga.config.MaskKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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

  /** The setting that carries the key a resumed entity continues after. */
  static final String AFTER = "jaga.export.after";

  /**
   * The COPY that exports one entity. Its values travel as settings of the transaction ({@code
   * set_config}), never as SQL text, since COPY takes no bind parameters.
   */
  static EntityQuery of(
      Entity entity, ExportScope scope, Map<DataClass, ExportPolicy> policies, TableShapes.Shape shape) {
    List<String> names = new ArrayList<>(List.of(entity.tenantKey()));
    List<ValueKind> kinds = new ArrayList<>(List.of(kind(shape, entity.tenantKey())));
    List<String> select = new ArrayList<>(List.of("t." + quote(shape.key().column()) + "::text", column(entity.tenantKey(), kinds.get(0))));
    for (ColumnRule rule : exported(entity, scope, policies)) {
      ValueKind kind = rule.export() instanceof ExportAction.Mask mask
          ? (mask.how() == MaskKind.YEAR ? ValueKind.INT4 : ValueKind.TEXT)
          : kind(shape, rule.column());
      names.add(rule.column());
      kinds.add(kind);
      select.add(rule.export() instanceof ExportAction.Mask ? expression(rule) : column(rule.column(), kind));
    }
    StringBuilder where = new StringBuilder(" where t." + quote(entity.tenantKey()) + " = current_setting('jaga.tenant_id')");
    Map<String, String> settings = new LinkedHashMap<>();
    scope.from().ifPresent(from -> {
      where.append(" and t.").append(quote(entity.timeKey().orElseThrow())).append(" >= current_setting('jaga.export.from')::timestamptz");
      settings.put("jaga.export.from", from.toString());
    });
    scope.until().ifPresent(until -> {
      where.append(" and t.").append(quote(entity.timeKey().orElseThrow())).append(" < current_setting('jaga.export.until')::timestamptz");
      settings.put("jaga.export.until", until.toString());
    });
    scope.subjectId().ifPresent(subject -> {
      where.append(" and t.").append(quote(entity.subjectKey().orElseThrow())).append("::text = current_setting('jaga.export.subject')");
      settings.put("jaga.export.subject", subject);
    });
    String from = "select " + String.join(", ", select) + " from " + quote(entity.schema()) + "." + quote(entity.table()) + " t";
    String order = " order by t." + quote(shape.key().column());
    String after = " and t." + quote(shape.key().column()) + " > cast(current_setting('" + AFTER + "') as " + shape.key().type() + ")";
    return new EntityQuery(
        entity.name(),
        copy(from + where + order),
        copy(from + where + after + order),
        copy(from + where),
        Map.copyOf(settings),
        List.copyOf(names),
        List.copyOf(kinds));
  }

  private static String copy(String query) {
    return "COPY (" + query + ") TO STDOUT (FORMAT binary)";
  }

  private static ValueKind kind(TableShapes.Shape shape, String column) {
    return ValueKind.of(shape.types().getOrDefault(column, ""));
  }

  /** A plain column: sent as it is if Java decodes its type, else as PostgreSQL's own JSON of it. */
  private static String column(String name, ValueKind kind) {
    return kind == ValueKind.JSON ? "to_json(t." + quote(name) + ")::text" : "t." + quote(name);
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
