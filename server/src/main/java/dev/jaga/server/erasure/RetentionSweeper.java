package dev.jaga.server.erasure;

import static dev.jaga.server.erasure.AppSchema.quote;

import dev.jaga.config.ColumnRule;
import dev.jaga.config.DataClass;
import dev.jaga.config.Entity;
import dev.jaga.config.ErasureAction;
import dev.jaga.config.Region;
import dev.jaga.config.RegionConfig;
import dev.jaga.server.app.ThisRegion;
import dev.jaga.server.audit.AuditEvent;
import dev.jaga.server.audit.AuditLog;
import dev.jaga.server.db.TenantScope;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.inject.Inject;
import javax.inject.Singleton;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;

/**
 * Ends retentions whose period is over: each retained row is deleted, or, where the application
 * still needs it (another row references it, such as someone else's payment of a retained
 * invoice), its personal and sensitive columns are anonymized instead. One transaction and one
 * audit event per tenant and sweep.
 */
@Singleton
public final class RetentionSweeper {
  static final String EVENT = "retention.expired";
  private static final int BATCH = 1_000;

  private final DSLContext dsl;
  private final TenantScope scope;
  private final RegionConfig config;
  private final AppSchema schema;
  private final AuditLog audit;
  private final Clock clock;
  private final Region region;

  @Inject
  public RetentionSweeper(DSLContext dsl, TenantScope scope, RegionConfig config, AppSchema schema, AuditLog audit,
      Clock clock, @ThisRegion Region region) {
    this.dsl = dsl;
    this.scope = scope;
    this.config = config;
    this.schema = schema;
    this.audit = audit;
    this.clock = clock;
    this.region = region;
  }

  /** What one sweep did to one tenant. */
  public record Swept(String tenantId, int deleted, int anonymized) {}

  public List<Swept> sweep() {
    Instant now = clock.instant();
    List<String> tenantIds = dsl.transactionResult(c -> {
      DSLContext tx = DSL.using(c);
      tx.resultQuery("select set_config('jaga.job_scope', 'region', true)").fetch();
      return tx.fetch("select distinct tenant_id from jaga.retained_records"
          + " where retain_until <= cast(? as timestamptz)",
          now.atOffset(ZoneOffset.UTC)).getValues(0, String.class);
    });
    List<Swept> out = new ArrayList<>();
    for (String tenantId : tenantIds) {
      out.add(scope.inTenant(tenantId, tx -> sweep(tx, tenantId, now)));
    }
    return out;
  }

  private Swept sweep(DSLContext tx, String tenantId, Instant now) {
    // Another node of the region sweeping this tenant now: leave it to that one.
    if (!tx.fetchValue("select pg_try_advisory_xact_lock(hashtext(?))", "jaga.retention:" + tenantId)
        .equals(Boolean.TRUE)) {
      return new Swept(tenantId, 0, 0);
    }
    Map<String, List<String>> keysByEntity = new LinkedHashMap<>();
    for (Record r : tx.fetch("select entity, row_key from jaga.retained_records where tenant_id = ?"
        + " and retain_until <= cast(? as timestamptz) order by entity, row_key limit " + BATCH,
        tenantId, now.atOffset(ZoneOffset.UTC))) {
      keysByEntity.computeIfAbsent(r.get(0, String.class), k -> new ArrayList<>()).add(r.get(1, String.class));
    }
    int deleted = 0;
    int anonymized = 0;
    for (Entity entity : schema.deletionOrder(config.catalog())) {
      for (String key : keysByEntity.getOrDefault(entity.name(), List.of())) {
        if (deleteOrAnonymize(tx, entity, tenantId, key)) {
          deleted++;
        } else {
          anonymized++;
        }
        tx.execute("delete from jaga.retained_records where tenant_id = ? and entity = ? and row_key = ?",
            tenantId, entity.name(), key);
      }
    }
    if (deleted + anonymized > 0) {
      audit.append(new AuditEvent(now, region.id(), "jaga:retention-sweeper", Optional.of(tenantId), EVENT,
          "entities=" + String.join(",", keysByEntity.keySet()) + " deleted=" + deleted + " anonymized=" + anonymized,
          AuditEvent.Decision.ALLOWED, "OK", "", AuditEvent.Routing.LOCAL, "", "", "")).join();
    }
    return new Swept(tenantId, deleted, anonymized);
  }

  /** True if the row was deleted, false if it had to stay and was anonymized. */
  private boolean deleteOrAnonymize(DSLContext tx, Entity entity, String tenantId, String key) {
    AppSchema.Shape shape = schema.shape(entity);
    String where = " t where t." + quote(entity.tenantKey()) + " = ? and t." + quote(shape.primaryKey())
        + "::text = ?";
    try {
      // A savepoint: a refused delete must not abort the tenant's whole sweep.
      tx.transaction(nested -> DSL.using(nested).execute("delete from " + AppSchema.table(entity) + where,
          tenantId, key));
      return true;
    } catch (DataAccessException e) {
      if (!"23503".equals(e.sqlState())) {
        throw e;
      }
    }
    List<String> sets = new ArrayList<>();
    for (ColumnRule column : entity.columns().values()) {
      boolean personal = column.dataClass() == DataClass.PERSONAL || column.dataClass() == DataClass.SENSITIVE;
      AppSchema.Column shapeOf = shape.columns().get(column.column());
      if (personal && column.erase() instanceof ErasureAction.Retain && shapeOf != null) {
        if (shapeOf.nullable()) {
          sets.add(quote(column.column()) + " = null");
        } else if (shapeOf.isText()) {
          sets.add(quote(column.column()) + " = '[redacted]'");
        }
      }
    }
    if (!sets.isEmpty()) {
      tx.execute("update " + AppSchema.table(entity) + " t set " + String.join(", ", sets) + " where t."
          + quote(entity.tenantKey()) + " = ? and t." + quote(shape.primaryKey()) + "::text = ?", tenantId, key);
    }
    return false;
  }
}
