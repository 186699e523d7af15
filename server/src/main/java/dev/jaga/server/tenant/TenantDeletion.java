package dev.jaga.server.tenant;

import dev.jaga.api.v1.ErrorReason;
import dev.jaga.config.RegionConfig;
import dev.jaga.server.grpc.JagaException;
import dev.jaga.server.tenant.HostedTenant.TenantStatus;
import io.grpc.Status;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import javax.inject.Inject;
import javax.inject.Singleton;

/**
 * Scheduling and cancelling a tenant's deletion. Deletion is never immediate: the tenant is
 * PENDING_DELETION for the grace period of erasure.yaml (still readable and exportable), then
 * {@link TenantPurge} deletes its rows and destroys its key.
 */
@Singleton
public final class TenantDeletion {
  private final Tenants tenants;
  private final TenantRepository repository;
  private final TenantCache cache;
  private final RegionConfig config;
  private final Clock clock;

  @Inject
  TenantDeletion(
      Tenants tenants, TenantRepository repository, TenantCache cache, RegionConfig config, Clock clock) {
    this.tenants = tenants;
    this.cache = cache;
    this.repository = repository;
    this.config = config;
    this.clock = clock;
  }

  /**
   * Schedules the purge after the grace period. {@code confirmation} must be the display name,
   * exactly. A tenant already pending deletion keeps its first purge date.
   */
  public HostedTenant schedule(String tenantId, String confirmation) {
    HostedTenant tenant = tenants.live(tenantId);
    if (!tenant.displayName().equals(confirmation)) {
      throw JagaException.of(Status.Code.INVALID_ARGUMENT, ErrorReason.CONFIRMATION_MISMATCH,
          "confirm_display_name does not match the tenant's display name; type it exactly as GetTenant shows it");
    }
    if (tenant.status() == TenantStatus.PENDING_DELETION) {
      return tenant;
    }
    OffsetDateTime purgeAfter =
        OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC).plus(config.erasure().tenantDeletionGrace());
    Optional<HostedTenant> scheduled = repository.scheduleDeletion(tenantId, purgeAfter);
    cache.forget(tenantId);
    return scheduled.orElseGet(() -> tenants.live(tenantId));
  }

  /** Restores a tenant pending deletion to ACTIVE; any other state is INVALID_STATE. */
  public HostedTenant cancel(String tenantId) {
    HostedTenant tenant = tenants.live(tenantId);
    Optional<HostedTenant> cancelled = repository.cancelDeletion(tenantId);
    cache.forget(tenantId);
    return cancelled.orElseThrow(() -> JagaException.of(Status.Code.FAILED_PRECONDITION,
        ErrorReason.INVALID_STATE, "tenant " + tenantId + " is " + tenant.status()
            + ", not PENDING_DELETION; only a scheduled deletion can be cancelled"));
  }
}
