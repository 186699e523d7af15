package dev.jaga.db;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Applies the Flyway migrations of a region's database: Jaga's own {@code jaga} schema always,
 * and the demo application's {@code app} schema only where the demo is wanted (dev and tests).
 *
 * <p>In production the {@code app} schema belongs to the application Jaga governs, so its
 * migrations are never Jaga's to run; the two histories are therefore kept apart.
 */
public final class Migrations {
  /**
   * The restricted role Jaga's nodes query as (created by {@code V2__runtime_role.sql}): it owns
   * nothing and bypasses nothing, so row-level security always applies to it.
   */
  public static final String RUNTIME_ROLE = "jaga_runtime";

  private Migrations() {}

  /** Brings the {@code jaga} schema up to date. */
  public static void migrateJaga(DataSource dataSource) {
    Flyway.configure()
        .dataSource(dataSource)
        .locations("classpath:db/jaga")
        .defaultSchema("jaga")
        .schemas("jaga")
        .table("flyway_schema_history")
        .load()
        .migrate();
  }

  /** Brings the demo application's {@code app} schema up to date (its history lives in jaga). */
  public static void migrateDemoApp(DataSource dataSource) {
    Flyway.configure()
        .dataSource(dataSource)
        .locations("classpath:db/demo")
        .defaultSchema("jaga")
        .schemas("jaga", "app")
        .table("demo_app_schema_history")
        .load()
        .migrate();
  }
}
