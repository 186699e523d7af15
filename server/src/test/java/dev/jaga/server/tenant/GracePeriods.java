package dev.jaga.server.tenant;

import org.jooq.DSLContext;

/**
 * Ends a tenant's grace period for the database, the way an operator would: as the schema owner,
 * the only role the database lets move a scheduled purge date (V19). Moving the node's clock alone
 * is not enough, since the database marks a tenant PURGED only once its own clock says so.
 */
public final class GracePeriods {
  private GracePeriods() {}

  /** Makes the tenant's purge date a second past by the database's clock; returns the rows changed. */
  public static int endForTheDatabase(DSLContext owner, String tenantId) {
    return owner.execute(
        "update jaga.tenants set purge_after = now() - interval '1 second' where tenant_id = ?", tenantId);
  }
}
