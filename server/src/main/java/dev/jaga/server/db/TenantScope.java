package dev.jaga.server.db;

import java.util.function.Consumer;
import java.util.function.Function;
import javax.inject.Inject;
import javax.inject.Singleton;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * The only way services touch tenant rows: one transaction whose first statement names the tenant
 * for the row-level security policies, so a query that forgets its own tenant filter still sees
 * and writes nothing of any other tenant.
 *
 * <p>The tenant is set with {@code set_config(..., true)}, PostgreSQL's {@code SET LOCAL}: it ends
 * with the transaction, committed or rolled back, so it can never outlive it on a pooled
 * connection and leak into the next borrower's work.
 */
@Singleton
public final class TenantScope {
  /** The setting the policies compare {@code tenant_id} with. */
  public static final String SETTING = "jaga.tenant_id";

  private final DSLContext dsl;

  @Inject
  public TenantScope(DSLContext dsl) {
    this.dsl = dsl;
  }

  /**
   * Runs {@code work} in one transaction scoped to {@code tenantId} and returns its result. Use
   * the {@link DSLContext} passed in, never another: only that one is inside the transaction.
   */
  public <T> T inTenant(String tenantId, Function<DSLContext, T> work) {
    requireTenant(tenantId);
    return dsl.transactionResult(
        configuration -> {
          DSLContext tx = DSL.using(configuration);
          tx.resultQuery("select set_config(?, ?, true)", SETTING, tenantId).fetch();
          return work.apply(tx);
        });
  }

  /** As {@link #inTenant}, for work that returns nothing. */
  public void runInTenant(String tenantId, Consumer<DSLContext> work) {
    inTenant(
        tenantId,
        tx -> {
          work.accept(tx);
          return null;
        });
  }

  // A blank id names no tenant: the policies would quietly show nothing, hiding the caller's bug.
  private static void requireTenant(String tenantId) {
    if (tenantId == null || tenantId.isBlank()) {
      throw new IllegalArgumentException("a tenant scope needs a tenant id, got '" + tenantId + "'");
    }
  }
}
