package dev.jaga.server.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.zaxxer.hikari.HikariDataSource;
import dev.jaga.server.tenant.GracePeriods;
import dev.jaga.server.tenant.TenantRepository;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tries, as the runtime role a stolen node's credentials give, to purge a live tenant (which would
 * then let it strip the tenant's audit events): at once, through a deletion scheduled in the past,
 * by bringing a scheduled deletion forward, or by bringing a purged tenant back. The database
 * refuses each; the lifecycle a node walks, and the operator's own changes, go through.
 */
class TenantLifecycleGuardTest {
  private static SeededDatabase db;
  private static HikariDataSource pool;
  private static TenantScope runtime;

  @BeforeAll
  static void start() {
    db = SeededDatabase.start();
    pool = db.runtimePool(1);
    runtime = new TenantScope(DSL.using(pool, SQLDialect.POSTGRES));
  }

  @AfterAll
  static void stop() {
    pool.close();
    db.close();
  }

  @Test
  void activeTenant_markedPurgedAtOnce_isRefused_andItsAuditCannotBeStripped() {
    String id = tenant();

    assertRefused(id, "update jaga.tenants set status = 'PURGED' where tenant_id = ?");
    assertThat(status(id)).isEqualTo("ACTIVE");
    assertRefused(id, "select * from jaga.strip_purged_tenant_audit(?)");
  }

  @Test
  void deletion_scheduledInThePastOrWithinADay_isRefused_aMonthAheadIsNot() {
    String id = tenant();

    assertRefused(id, "update jaga.tenants set status = 'PENDING_DELETION', purge_after = now() - interval '1 day'"
        + " where tenant_id = ?");
    assertRefused(id, "update jaga.tenants set status = 'PENDING_DELETION', purge_after = now() + interval '1 hour'"
        + " where tenant_id = ?");
    assertRefused(id, "update jaga.tenants set status = 'PENDING_DELETION', purge_after = null where tenant_id = ?");
    assertThat(status(id)).isEqualTo("ACTIVE");

    schedule(id);
    assertThat(status(id)).isEqualTo("PENDING_DELETION");
  }

  @Test
  void scheduledDeletion_broughtForwardOrPurgedBeforeItIsDue_isRefused_cancelledIsNot() {
    String id = tenant();
    schedule(id);

    assertRefused(id, "update jaga.tenants set purge_after = now() - interval '1 second' where tenant_id = ?");
    assertRefused(id, "update jaga.tenants set status = 'PURGED' where tenant_id = ?");
    assertThat(status(id)).isEqualTo("PENDING_DELETION");

    run(id, "update jaga.tenants set status = 'ACTIVE', purge_after = null where tenant_id = ?");
    assertThat(status(id)).isEqualTo("ACTIVE");
  }

  @Test
  void dueDeletion_isPurged_andAPurgedTenantStaysPurged() {
    String id = tenant();
    schedule(id);
    // The operator (schema owner) may end a grace period early; a node may not.
    GracePeriods.endForTheDatabase(owner(), id);

    run(id, "update jaga.tenants set status = 'PURGED', purge_after = now() where tenant_id = ?");
    assertThat(status(id)).isEqualTo("PURGED");

    assertRefused(id, "update jaga.tenants set status = 'ACTIVE', purge_after = null where tenant_id = ?");
    assertRefused(id, "update jaga.tenants set status = 'PENDING_DELETION', purge_after = now() + interval '30 days'"
        + " where tenant_id = ?");
    assertThat(status(id)).isEqualTo("PURGED");
  }

  private static String tenant() {
    String id = "lifecycle-" + Long.toHexString(System.nanoTime());
    new TenantRepository(new TenantScope(owner()))
        .insertIfAbsent(id, "PT " + id, "id-jkt", Optional.empty(), OffsetDateTime.now(ZoneOffset.UTC));
    return id;
  }

  private static void schedule(String id) {
    run(id, "update jaga.tenants set status = 'PENDING_DELETION', purge_after = now() + interval '30 days'"
        + " where tenant_id = ?");
  }

  private static void run(String id, String sql) {
    runtime.inTenant(id, tx -> tx.execute(sql, id));
  }

  private static void assertRefused(String id, String sql) {
    DataAccessException refused = catchThrowableOfType(DataAccessException.class, () -> run(id, sql));
    assertThat(refused).as(sql).isNotNull();
    assertThat(refused.sqlState()).as(sql).isEqualTo("42501");
  }

  private static String status(String id) {
    return owner().fetchValue("select status from jaga.tenants where tenant_id = ?", id).toString();
  }

  private static DSLContext owner() {
    return db.owner();
  }
}
