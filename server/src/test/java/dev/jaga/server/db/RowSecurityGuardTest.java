package dev.jaga.server.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.jaga.db.Migrations;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The start-up check that refuses a runtime role which row-level security would not hold. */
class RowSecurityGuardTest {
  private static SeededDatabase db;
  private static HikariDataSource pool;

  @BeforeAll
  static void start() {
    db = SeededDatabase.start();
    pool = db.runtimePool(1);
  }

  @AfterAll
  static void stop() {
    pool.close();
    db.close();
  }

  @Test
  void problems_migratedDatabase_none() {
    assertThat(RowSecurityGuard.problems(pool)).isEmpty();
  }

  @Test
  void require_ownerOrSuperuserAsRuntimeRole_isRefused() {
    assertThatThrownBy(() -> RowSecurityGuard.require(db.superuser()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("role postgres is, or can become, a superuser")
        .hasMessageContaining("role postgres owns app.contacts")
        .hasMessageContaining("role postgres owns jaga.tenants");
  }

  @Test
  void problems_aNewTableAViewAndTruncate_eachNamed() {
    String runtime = Migrations.RUNTIME_ROLE;
    db.owner().execute("create table app.notes (id uuid primary key, tenant_id text not null)");
    db.owner().execute("create view app.all_contacts as select * from app.contacts");
    db.owner().execute("grant select on app.notes, app.all_contacts to " + runtime);
    db.owner().execute("grant truncate on app.payments to " + runtime);
    try {
      assertThat(RowSecurityGuard.problems(pool))
          .containsExactlyInAnyOrder(
              "app.notes has row-level security switched off",
              "app.all_contacts is a view that reads as its owner",
              "app.payments may be truncated by " + runtime);
    } finally {
      db.owner().execute("revoke truncate on app.payments from " + runtime);
      db.owner().execute("drop view app.all_contacts");
      db.owner().execute("drop table app.notes");
    }
    assertThat(RowSecurityGuard.problems(pool)).isEmpty();
  }

  @Test
  void problems_tenantKeysWithoutRowSecurity_isNamed() {
    db.owner().execute("alter table jaga.tenant_keys disable row level security");
    try {
      assertThat(RowSecurityGuard.problems(pool)).containsExactly("jaga.tenant_keys has row-level security switched off");
    } finally {
      db.owner().execute("alter table jaga.tenant_keys enable row level security");
    }
  }
}
