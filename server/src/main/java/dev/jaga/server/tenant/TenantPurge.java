package dev.jaga.server.tenant;

import dev.jaga.config.Entity;
import dev.jaga.config.Region;
import dev.jaga.config.RegionConfig;
import dev.jaga.server.app.ThisRegion;
import dev.jaga.server.audit.AuditEvent;
import dev.jaga.server.audit.AuditLog;
import dev.jaga.server.db.TenantScope;
import dev.jaga.server.erasure.AppSchema;
import dev.jaga.server.keys.TenantKeys;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.inject.Inject;
import javax.inject.Singleton;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Purges tenants whose grace period is over: in one tenant-scoped transaction, every row of the
 * tenant in the application's cataloged tables and in Jaga's own tables goes, except the audit log
 * (hash-chained: kept, then stripped of actor and peer once the tenant is PURGED, see {@link
 * #stripAudit}) and the directory row, which becomes PURGED. The
 * tenant's wrapped key is one of those Jaga rows ({@code jaga.tenant_keys}), so a purge either
 * commits with the key gone or leaves the tenant PENDING_DELETION to be retried; {@link
 * TenantKeys#destroy} is then called as well (idempotent), for key stores kept outside the database.
 */
@Singleton
public final class TenantPurge {
  private static final Logger log = LoggerFactory.getLogger(TenantPurge.class);
  static final String EVENT = "tenant.purged";
  static final String STRIPPED_EVENT = "tenant.audit_stripped";
  /**
   * Due by the node's clock and by the database's, which refuses to mark a tenant PURGED any earlier
   * (V19): a node whose clock runs ahead does not try and fail.
   */
  private static final String DUE = "least(cast(? as timestamptz), now())";

  /** Kept: the audit chain (it must still verify) and the directory's PURGED tombstone. */
  private static final Set<String> KEPT = Set.of("audit_events", "audit_heads", "tenants");

  private final DSLContext dsl;
  private final TenantScope scope;
  private final RegionConfig config;
  private final AppSchema schema;
  private final Optional<TenantKeys> keys;
  private final Set<PurgeStep> steps;
  private final AuditLog audit;
  private final Clock clock;
  private final Region region;

  @Inject
  public TenantPurge(DSLContext dsl, TenantScope scope, RegionConfig config, AppSchema schema,
      Optional<TenantKeys> keys, Set<PurgeStep> steps, AuditLog audit, Clock clock, @ThisRegion Region region) {
    this.dsl = dsl;
    this.scope = scope;
    this.config = config;
    this.schema = schema;
    this.keys = keys;
    this.steps = Set.copyOf(steps);
    this.audit = audit;
    this.clock = clock;
    this.region = region;
  }

  /** Purges every tenant due now; returns their ids. */
  public List<String> sweep() {
    Instant now = clock.instant();
    List<String> due = dsl.transactionResult(c -> {
      DSLContext tx = DSL.using(c);
      tx.resultQuery("select set_config('jaga.job_scope', 'region', true)").fetch();
      return tx.fetch("select tenant_id from jaga.tenants where status = 'PENDING_DELETION'"
          + " and purge_after <= " + DUE, now.atOffset(ZoneOffset.UTC)).getValues(0, String.class);
    });
    List<String> purged = new ArrayList<>();
    for (String tenantId : due) {
      if (purge(tenantId, now)) {
        purged.add(tenantId);
      }
    }
    return purged;
  }

  private boolean purge(String tenantId, Instant now) {
    if (keys.isEmpty()) {
      // Without its key destroyed the tenant's archives would stay readable: no half purge.
      log.error("tenant {} is due for purge but no TenantKeys is bound; it stays PENDING_DELETION", tenantId);
      return false;
    }
    boolean purged = scope.inTenant(tenantId, tx -> {
      String status = tx.fetchValue("select status from jaga.tenants where tenant_id = ?"
          + " and purge_after <= " + DUE + " for update", tenantId, now.atOffset(ZoneOffset.UTC))
          instanceof String s ? s : "";
      if (!status.equals("PENDING_DELETION")) {
        return false; // cancelled meanwhile, or purged by another node
      }
      long rows = 0;
      for (Entity entity : schema.deletionOrder(config.catalog())) {
        rows += tx.execute("delete from " + AppSchema.table(entity) + " where "
            + AppSchema.quote(entity.tenantKey()) + " = ?", tenantId);
      }
      // From pg_catalog, which lists every table whatever the role may do with it: a Jaga table the
      // runtime role cannot delete from fails the purge loudly instead of being skipped.
      for (String table : tx.fetch("select c.relname::text from pg_class c join pg_namespace n on n.oid ="
          + " c.relnamespace join pg_attribute a on a.attrelid = c.oid where n.nspname = 'jaga' and c.relkind = 'r'"
          + " and a.attname = 'tenant_id' and not a.attisdropped order by 1").getValues(0, String.class)) {
        if (!KEPT.contains(table)) {
          rows += tx.execute("delete from jaga." + AppSchema.quote(table) + " where tenant_id = ?", tenantId);
        }
      }
      tx.execute("update jaga.tenants set status = 'PURGED', purge_after = cast(? as timestamptz) where tenant_id = ?",
          now.atOffset(ZoneOffset.UTC), tenantId);
      audit.append(new AuditEvent(now, region.id(), "jaga:tenant-purge", Optional.of(tenantId), EVENT,
          "rows=" + rows + " key=destroyed", AuditEvent.Decision.ALLOWED, "OK", "", AuditEvent.Routing.LOCAL, "",
          "", "")).join();
      log.info("purged tenant {} ({} rows) and destroyed its key", tenantId, rows);
      return true;
    });
    if (purged) {
      // After the commit: destroy() runs in a transaction of its own, which would wait forever for
      // the row this purge's transaction already deleted and still holds.
      keys.get().destroy(tenantId);
      stripAudit(tenantId, now);
      for (PurgeStep step : steps) {
        try {
          step.purged(tenantId);
        } catch (IOException | RuntimeException e) {
          log.error("tenant {} is purged, but {} failed; finish it by hand: {}", tenantId,
              step.getClass().getSimpleName(), e.toString());
        }
      }
    }
    return purged;
  }

  /**
   * Erases actor and peer of the purged tenant's audit events through {@code
   * jaga.strip_purged_tenant_audit} (the only way the runtime role can change an event, and only
   * for a PURGED tenant), then audits how many. Events written before salted commitments existed
   * cannot be stripped without breaking the chain and are counted as left.
   */
  private void stripAudit(String tenantId, Instant now) {
    try {
      var counts = dsl.fetchSingle("select stripped, left_v1 from jaga.strip_purged_tenant_audit(?)", tenantId);
      long stripped = counts.get(0, Long.class);
      long left = counts.get(1, Long.class);
      audit.append(new AuditEvent(now, region.id(), "jaga:tenant-purge", Optional.of(tenantId), STRIPPED_EVENT,
          "stripped=" + stripped + " left_v1=" + left, AuditEvent.Decision.ALLOWED, "OK", "",
          AuditEvent.Routing.LOCAL, "", "", "")).join();
      log.info("stripped actor and peer from {} audit events of purged tenant {}; {} older events could not be",
          stripped, tenantId, left);
    } catch (RuntimeException e) {
      log.error("tenant {} is purged, but stripping its audit events failed; rerun"
          + " jaga.strip_purged_tenant_audit: {}", tenantId, e.toString());
    }
  }
}
