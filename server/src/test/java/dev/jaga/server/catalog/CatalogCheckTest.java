package dev.jaga.server.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jaga.config.Catalog;
import dev.jaga.config.RegionConfig;
import dev.jaga.db.EmbeddedDatabase;
import dev.jaga.db.Migrations;
import dev.jaga.server.catalog.CatalogCheck.MismatchException;
import dev.jaga.server.catalog.CatalogCheck.Problem;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.function.Function;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each test changes the real demo schema inside a transaction it rolls back, so tests stay independent. */
class CatalogCheckTest {
  private static EmbeddedDatabase db;
  private static Catalog catalog;

  @BeforeAll
  static void start() throws Exception {
    db = EmbeddedDatabase.startTemporary(Path.of(System.getProperty("java.io.tmpdir")));
    Migrations.migrateJaga(db.superuserDataSource());
    Migrations.migrateDemoApp(db.superuserDataSource());
    catalog = RegionConfig.load(Path.of(System.getProperty("jaga.root"), "region-config")).catalog();
  }

  @AfterAll
  static void stop() {
    db.close();
  }

  @Test
  void run_realSchemaAndRealCatalog_findsNoProblems() throws SQLException {
    assertThat(checkAfter()).isEmpty();
  }

  @Test
  void run_unclassifiedColumn_namesItAndSaysHowToClassifyIt() throws SQLException {
    List<Problem> problems = checkAfter("alter table app.contacts add column x text");

    assertThat(problems).singleElement().satisfies(p -> {
      assertThat(p.where()).isEqualTo("app.contacts.x");
      assertThat(p.message()).contains("catalog.yaml", "class", "export", "erase");
    });
  }

  @Test
  void run_tableMissingFromCatalog_namesTheTable() throws SQLException {
    List<Problem> problems =
        checkAfter(
            "create table app.new_thing (id uuid primary key, tenant_id text not null,"
                + " created_at timestamptz not null)");

    assertThat(problems).extracting(Problem::where).containsExactly("app.new_thing");
    assertThat(problems.get(0).message()).contains("not in catalog.yaml");
  }

  @Test
  void run_nullableTenantKey_isAProblem() throws SQLException {
    List<Problem> problems = checkAfter("alter table app.sessions alter column tenant_id drop not null");

    assertThat(problems).singleElement().satisfies(p -> {
      assertThat(p.where()).isEqualTo("app.sessions.tenant_id");
      assertThat(p.message()).contains("NOT NULL");
    });
  }

  @Test
  void run_missingTenantKey_isAProblemAndTheRenamedColumnIsUnclassified() throws SQLException {
    List<Problem> problems =
        checkAfter("alter table app.teams rename column tenant_id to tenant_slug");

    assertThat(problems).extracting(Problem::where)
        .containsExactlyInAnyOrder("app.teams.tenant_id", "app.teams.tenant_slug");
  }

  @Test
  void run_catalogedColumnAndTableGone_areProblems() throws SQLException {
    List<Problem> problems =
        checkAfter("alter table app.contacts drop column notes", "drop table app.api_keys");

    assertThat(problems).extracting(Problem::where)
        .containsExactlyInAnyOrder("app.contacts.notes", "app.api_keys");
  }

  @Test
  void requireConsistent_severalProblems_throwsWithAllOfThem() throws SQLException {
    List<String> messages =
        inTransactionAfter(
            dsl -> {
              try {
                new CatalogCheck(dsl).requireConsistent(catalog);
                return List.of();
              } catch (MismatchException e) {
                return List.of(e.getMessage());
              }
            },
            "alter table app.contacts add column x text",
            "create table app.new_thing (tenant_id text not null)");

    assertThat(messages).singleElement().asString().contains("app.contacts.x", "app.new_thing");
  }

  @Test
  void requireConsistent_realSchema_doesNotThrow() throws SQLException {
    try (Connection c = db.superuserDataSource().getConnection()) {
      new CatalogCheck(DSL.using(c, SQLDialect.POSTGRES)).requireConsistent(catalog);
    }
  }

  private static List<Problem> checkAfter(String... ddl) throws SQLException {
    return inTransactionAfter(dsl -> new CatalogCheck(dsl).run(catalog), ddl);
  }

  /** Applies {@code ddl}, runs {@code check} on the same connection, and rolls everything back. */
  private static <T> T inTransactionAfter(Function<DSLContext, T> check, String... ddl)
      throws SQLException {
    try (Connection c = db.superuserDataSource().getConnection()) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        for (String statement : ddl) {
          s.execute(statement);
        }
        return check.apply(DSL.using(c, SQLDialect.POSTGRES));
      } finally {
        c.rollback();
      }
    }
  }
}
