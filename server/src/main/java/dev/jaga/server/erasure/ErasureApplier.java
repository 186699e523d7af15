package dev.jaga.server.erasure;

import static dev.jaga.server.erasure.AppSchema.quote;

import dev.jaga.config.AnonymizeKind;
import dev.jaga.config.Catalog;
import dev.jaga.config.ColumnRule;
import dev.jaga.config.Entity;
import dev.jaga.config.ErasureAction;
import dev.jaga.server.erasure.EntityPlan.Fate;
import java.security.SecureRandom;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * Carries out a plan inside the caller's tenant-scoped transaction: rows that stay are marked (if
 * retained) and anonymized first, while the subject key still finds them; then the rows to delete
 * go, children before parents, so that the subject's person record goes last.
 */
final class ErasureApplier {
  private final AppSchema schema;
  private final Catalog catalog;
  /** Salt of anonymize:hash for this erasure only; never stored, so the hashes cannot be reversed. */
  private final String salt;

  ErasureApplier(AppSchema schema, Catalog catalog) {
    this.schema = schema;
    this.catalog = catalog;
    byte[] bytes = new byte[16];
    new SecureRandom().nextBytes(bytes);
    this.salt = HexFormat.of().formatHex(bytes);
  }

  void apply(DSLContext tx, List<EntityPlan> plans, String tenantId, String subjectId, UUID receiptId) {
    Map<String, EntityPlan> byEntity =
        plans.stream().collect(Collectors.toMap(p -> p.entity().name(), p -> p));
    for (EntityPlan plan : plans) {
      if (plan.fate() != Fate.DELETE && plan.rows() > 0) {
        keep(tx, plan, tenantId, subjectId, receiptId);
      }
    }
    for (Entity entity : schema.deletionOrder(catalog)) {
      EntityPlan plan = byEntity.get(entity.name());
      if (plan != null && plan.fate() == Fate.DELETE && plan.rows() > 0) {
        tx.execute("delete from " + AppSchema.table(entity) + " t where " + ErasurePlanner.subjectRows(entity),
            tenantId, subjectId);
      }
    }
  }

  private void keep(DSLContext tx, EntityPlan plan, String tenantId, String subjectId, UUID receiptId) {
    Entity entity = plan.entity();
    AppSchema.Shape shape = schema.shape(entity);
    String pk = quote(shape.primaryKey());
    String keyType = shape.columns().get(shape.primaryKey()).type();
    List<String> keys = tx.fetch("select t." + pk + "::text from " + AppSchema.table(entity) + " t where "
        + ErasurePlanner.subjectRows(entity), tenantId, subjectId).getValues(0, String.class);
    String[] keyArray = keys.toArray(String[]::new);
    if (plan.fate() == Fate.RETAIN) {
      tx.execute("insert into jaga.retained_records (tenant_id, entity, row_key, retain_until, basis, receipt_id)"
              + " select ?, ?, k, cast(? as timestamptz), ?, cast(? as uuid) from unnest(cast(? as text[])) as k"
              + " on conflict (tenant_id, entity, row_key) do update set"
              + " retain_until = greatest(jaga.retained_records.retain_until, excluded.retain_until),"
              + " basis = excluded.basis, receipt_id = excluded.receipt_id",
          tenantId, entity.name(), plan.retainUntil().orElseThrow().atOffset(ZoneOffset.UTC),
          String.join(" | ", plan.bases()), receiptId, DSL.val(keyArray, SQLDataType.VARCHAR.getArrayDataType()));
    }
    List<String> sets = new ArrayList<>();
    List<Object> parameters = new ArrayList<>();
    for (ColumnRule column : entity.columns().values()) {
      AppSchema.Column shapeOf = shape.columns().get(column.column());
      if (column.erase() instanceof ErasureAction.Anonymize anonymize) {
        sets.add(quote(column.column()) + " = " + anonymized(column, shapeOf, anonymize.how(), parameters));
      } else if (column.erase() instanceof ErasureAction.Delete) {
        // A delete rule on a row that must stay: the value goes, the row does not.
        sets.add(quote(column.column()) + " = " + anonymized(column, shapeOf, AnonymizeKind.NULL, parameters));
      }
    }
    if (sets.isEmpty()) {
      return;
    }
    parameters.add(tenantId);
    parameters.add(DSL.val(keyArray, SQLDataType.VARCHAR.getArrayDataType()));
    tx.execute("update " + AppSchema.table(entity) + " t set " + String.join(", ", sets)
        + " where t." + quote(entity.tenantKey()) + " = ? and t." + pk + " = any(cast(cast(? as text[]) as "
        + keyType + "[]))", parameters.toArray());
  }

  /** The SQL expression that replaces a value, by the column's type and nullability. */
  String anonymized(ColumnRule rule, AppSchema.Column column, AnonymizeKind how, List<Object> parameters) {
    String name = "t." + quote(rule.column());
    if (how == AnonymizeKind.HASH && column.isText()) {
      parameters.add(salt);
      return "encode(sha256(convert_to(? || " + name + ", 'UTF8')), 'hex')";
    }
    if (how == AnonymizeKind.HASH && column.type().equals("uuid")) {
      parameters.add(salt);
      return "md5(? || " + name + "::text)::uuid";
    }
    if (how == AnonymizeKind.REDACT && column.isText()) {
      return "'[redacted]'";
    }
    if (column.nullable()) {
      return "null";
    }
    if (column.isText()) {
      return how == AnonymizeKind.DELETED_USER ? "'Deleted User'" : "'[redacted]'";
    }
    throw new IllegalStateException("column " + rule.column() + " (" + column.type() + ", not null) cannot be"
        + " anonymized as " + how.id() + "; make it nullable or choose anonymize:hash");
  }
}
