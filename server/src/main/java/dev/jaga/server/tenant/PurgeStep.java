package dev.jaga.server.tenant;

import java.io.IOException;

/**
 * Something outside the database that a tenant's purge must also remove (its archives on disk).
 * Features contribute steps with {@code @Binds @IntoSet}; each runs once the purge has committed. A
 * step that fails is logged with the tenant id for an operator to finish by hand.
 */
public interface PurgeStep {
  /** Removes what this feature kept of the purged tenant. */
  void purged(String tenantId) throws IOException;
}
