package dev.jaga.server.db;

import static dev.jaga.server.db.SeededDatabase.TENANTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.jaga.db.Migrations;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tries to read and write across tenants as the runtime role, with queries that deliberately
 * forget their tenant filter: row-level security alone must hold them to the scoped tenant.
 */
class TenantIsolationTest {
  private static SeededDatabase db;
  private static HikariDataSource pool;
  private static DSLContext runtime;
  private static TenantScope scope;

  @BeforeAll
  static void start() {
    db = SeededDatabase.start();
    // Write access the runtime role does not have yet, so that WITH CHECK is what refuses below.
    db.owner().execute("grant insert, update, delete on app.teams to " + Migrations.RUNTIME_ROLE);
    pool = db.runtimePool(1);
    runtime = DSL.using(pool, SQLDialect.POSTGRES);
    scope = new TenantScope(runtime);
  }

  @AfterAll
  static void stop() {
    pool.close();
    db.close();
  }

  @Test
  void inTenant_unfilteredQueryOnEveryTable_seesAllAndOnlyThatTenantsRows() {
    for (String tenant : TENANTS) {
      for (String table : db.appTables()) {
        Record seen =
            scope.inTenant(
                tenant,
                tx ->
                    tx.fetchOne(
                        "select count(*), count(*) filter (where tenant_id <> ?) from app." + table,
                        tenant));
        long truth = count(db.owner(), "select count(*) from app." + table + " where tenant_id = ?", tenant);
        assertThat(seen.get(1, Long.class)).as("%s rows of other tenants seen as %s", table, tenant).isZero();
        assertThat(seen.get(0, Long.class)).as("%s rows seen as %s", table, tenant).isEqualTo(truth).isPositive();
      }
      List<String> directory =
          scope.inTenant(tenant, tx -> tx.fetch("select tenant_id from jaga.tenants").getValues(0, String.class));
      assertThat(directory).containsExactly(tenant);
    }
  }

  @Test
  void noTenantSet_everyTable_isEmpty() {
    for (String table : db.appTables()) {
      assertThat(runtime.fetchValue("select count(*) from app." + table)).as(table).isEqualTo(0L);
    }
    assertThat(runtime.fetchValue("select count(*) from jaga.tenants")).isEqualTo(0L);
  }

  @Test
  void afterAScopedTransaction_sameConnection_seesNothingNotEvenAnEmptyTenantId() {
    // PostgreSQL reports '' for the setting on a connection that once set it; a row the app wrote
    // with an empty tenant id must still match nothing. The pool has one connection, so this is it.
    String team = "00000000-0000-0000-0000-0000000000ee";
    db.owner().execute(
        "insert into app.teams (id, tenant_id, name, created_at) values (?::uuid, '', 'orphans', now())", team);
    try {
      scope.runInTenant("acme-id", tx -> tx.fetch("select * from app.teams"));

      assertThat(runtime.fetchValue("select current_setting('jaga.tenant_id', true)")).isEqualTo("");
      assertThat(runtime.fetchValue("select count(*) from app.teams")).isEqualTo(0L);
    } finally {
      db.owner().execute("delete from app.teams where id = ?::uuid", team);
    }
  }

  @Test
  void inTenant_insertingAnotherTenantsRow_isRefused() {
    assertThatThrownBy(
            () ->
                scope.runInTenant(
                    "acme-id",
                    tx ->
                        tx.execute(
                            "insert into jaga.tenants (tenant_id, display_name, home_region)"
                                + " values ('sinar-two', 'Not Acme', 'id-jkt')")))
        .isInstanceOf(DataAccessException.class)
        .hasMessageContaining("row-level security");
    assertThatThrownBy(
            () ->
                scope.runInTenant(
                    "acme-id",
                    tx ->
                        tx.execute(
                            "insert into app.teams (id, tenant_id, name, created_at)"
                                + " values (gen_random_uuid(), 'sinar-id', 'planted', now())")))
        .isInstanceOf(DataAccessException.class)
        .hasMessageContaining("row-level security");
    assertThat(db.owner().fetchValue("select count(*) from app.teams where name = 'planted'")).isEqualTo(0L);
  }

  @Test
  void inTenant_movingOrTouchingAnotherTenantsRows_changesNothing() {
    assertThatThrownBy(
            () ->
                scope.runInTenant(
                    "acme-id",
                    tx ->
                        tx.execute(
                            "update app.teams set tenant_id = 'sinar-id'"
                                + " where id = (select id from app.teams order by id limit 1)")))
        .isInstanceOf(DataAccessException.class)
        .hasMessageContaining("row-level security");

    int renamed =
        scope.inTenant("acme-id", tx -> tx.execute("update app.teams set name = name where tenant_id <> 'acme-id'"));
    int deleted = scope.inTenant("acme-id", tx -> tx.execute("delete from app.teams where tenant_id <> 'acme-id'"));

    assertThat(renamed).isZero();
    assertThat(deleted).isZero();
  }

  @Test
  void inTenant_blankTenant_isRefusedBeforeTouchingTheDatabase() {
    assertThatThrownBy(() -> scope.inTenant(" ", tx -> tx.fetch("select 1")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> scope.inTenant(null, tx -> tx.fetch("select 1")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void runtimeRole_isNotSuperuserHasNoBypassrlsAndOwnsNothing() {
    Record role =
        db.owner().fetchOne(
            "select rolsuper, rolbypassrls, rolcreaterole, rolcreatedb,"
                + " (select count(*) from pg_auth_members m where m.member = r.oid) as memberships"
                + " from pg_roles r where rolname = ?",
            Migrations.RUNTIME_ROLE);
    long owned =
        count(
            db.owner(),
            "select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace"
                + " where n.nspname in ('app', 'jaga') and pg_get_userbyid(c.relowner) = ?",
            Migrations.RUNTIME_ROLE);

    assertThat(role.get("rolsuper", Boolean.class)).isFalse();
    assertThat(role.get("rolbypassrls", Boolean.class)).isFalse();
    assertThat(role.get("rolcreaterole", Boolean.class)).isFalse();
    assertThat(role.get("rolcreatedb", Boolean.class)).isFalse();
    assertThat(role.get("memberships", Long.class)).isZero();
    assertThat(owned).isZero();
    assertThat(runtime.fetchValue("select current_user")).isEqualTo(Migrations.RUNTIME_ROLE);
  }

  private static long count(DSLContext dsl, String sql, Object... bindings) {
    return dsl.fetchOne(sql, bindings).get(0, Long.class);
  }
}
