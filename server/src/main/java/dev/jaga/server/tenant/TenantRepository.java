package dev.jaga.server.tenant;

import static dev.jaga.server.db.jooq.Tables.TENANTS;

import dev.jaga.server.db.TenantScope;
import dev.jaga.server.db.jooq.tables.records.TenantsRecord;
import dev.jaga.server.tenant.HostedTenant.TenantStatus;
import java.time.OffsetDateTime;
import java.util.Optional;
import javax.inject.Inject;
import javax.inject.Singleton;

/**
 * The region's directory of hosted tenants ({@code jaga.tenants}). Every query runs in the
 * tenant's {@link TenantScope} and filters by tenant as well: the policy catches a forgotten
 * filter, the filter catches a policy that was dropped.
 */
@Singleton
public final class TenantRepository {
  private final TenantScope scope;

  @Inject
  public TenantRepository(TenantScope scope) {
    this.scope = scope;
  }

  public Optional<HostedTenant> find(String tenantId) {
    return scope.inTenant(
        tenantId,
        tx ->
            tx.selectFrom(TENANTS)
                .where(TENANTS.TENANT_ID.eq(tenantId))
                .fetchOptional()
                .map(TenantRepository::toTenant));
  }

  /**
   * Inserts the tenant unless its id is taken; returns it only if this call created it, so the
   * caller can tell a retry or a clash from a fresh creation without a race.
   */
  public Optional<HostedTenant> insertIfAbsent(
      String tenantId,
      String displayName,
      String homeRegion,
      Optional<String> requestId,
      OffsetDateTime now) {
    return scope.inTenant(
        tenantId,
        tx ->
            tx.insertInto(TENANTS)
                .set(TENANTS.TENANT_ID, tenantId)
                .set(TENANTS.DISPLAY_NAME, displayName)
                .set(TENANTS.HOME_REGION, homeRegion)
                .set(TENANTS.STATUS, TenantStatus.ACTIVE.name())
                .set(TENANTS.CREATED_AT, now)
                .set(TENANTS.CREATE_REQUEST_ID, requestId.orElse(null))
                .onConflictDoNothing()
                .returning()
                .fetchOptional()
                .map(TenantRepository::toTenant));
  }

  /** Moves an ACTIVE tenant to PENDING_DELETION; empty if it was not ACTIVE (nothing changed). */
  public Optional<HostedTenant> scheduleDeletion(String tenantId, OffsetDateTime purgeAfter) {
    return transition(tenantId, TenantStatus.ACTIVE, TenantStatus.PENDING_DELETION, purgeAfter);
  }

  /** Moves a PENDING_DELETION tenant back to ACTIVE; empty if it was not pending (nothing changed). */
  public Optional<HostedTenant> cancelDeletion(String tenantId) {
    return transition(tenantId, TenantStatus.PENDING_DELETION, TenantStatus.ACTIVE, null);
  }

  private Optional<HostedTenant> transition(
      String tenantId, TenantStatus from, TenantStatus to, OffsetDateTime purgeAfter) {
    return scope.inTenant(
        tenantId,
        tx ->
            tx.update(TENANTS)
                .set(TENANTS.STATUS, to.name())
                .set(TENANTS.PURGE_AFTER, purgeAfter)
                .where(TENANTS.TENANT_ID.eq(tenantId))
                .and(TENANTS.STATUS.eq(from.name()))
                .returning()
                .fetchOptional()
                .map(TenantRepository::toTenant));
  }

  static HostedTenant toTenant(TenantsRecord r) {
    return new HostedTenant(
        r.getTenantId(),
        r.getDisplayName(),
        r.getHomeRegion(),
        TenantStatus.valueOf(r.getStatus()),
        r.getCreatedAt().toInstant(),
        Optional.ofNullable(r.getPurgeAfter()).map(OffsetDateTime::toInstant),
        Optional.ofNullable(r.getCreateRequestId()));
  }
}
