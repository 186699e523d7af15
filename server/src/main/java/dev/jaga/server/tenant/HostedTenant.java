package dev.jaga.server.tenant;

import java.time.Instant;
import java.util.Optional;

/**
 * A tenant this region hosts, as its directory records it.
 *
 * @param createRequestId the client's request id of the call that created it, for idempotency
 */
public record HostedTenant(
    String id,
    String displayName,
    String homeRegion,
    TenantStatus status,
    Instant createdAt,
    Optional<Instant> purgeAfter,
    Optional<String> createRequestId) {

  /** The life cycle of a tenant, as stored in {@code jaga.tenants.status}. */
  public enum TenantStatus {
    ACTIVE,
    PENDING_DELETION,
    PURGED
  }
}
