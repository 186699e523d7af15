package dev.jaga.server.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.jaga.db.EmbeddedDatabase;
import dev.jaga.db.Migrations;
import dev.jaga.server.demo.DemoSeeder;
import dev.jaga.server.demo.DemoTenants;
import dev.jaga.server.tenant.TenantRepository;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * A throw-away region database migrated and seeded as its owner, with several demo tenants side
 * by side, for tests that try to read or write across tenants as the runtime role.
 */
final class SeededDatabase implements AutoCloseable {
  static final List<String> TENANTS = List.of("acme-id", "sinar-id", "merlion-sg");

  private final EmbeddedDatabase db;

  private SeededDatabase(EmbeddedDatabase db) {
    this.db = db;
  }

  static SeededDatabase start() {
    EmbeddedDatabase db =
        EmbeddedDatabase.startTemporary(Path.of(System.getProperty("java.io.tmpdir")));
    try {
      Migrations.migrateJaga(db.superuserDataSource());
      Migrations.migrateDemoApp(db.superuserDataSource());
      DemoSeeder seeder = new DemoSeeder(db.superuserDataSource());
      TenantRepository directory =
          new TenantRepository(new TenantScope(DSL.using(db.superuserDataSource(), SQLDialect.POSTGRES)));
      for (String id : TENANTS) {
        DemoTenants.DemoTenant tenant =
            DemoTenants.all().stream().filter(t -> t.id().equals(id)).findFirst().orElseThrow();
        seeder.seed(tenant, 60);
        directory.insertIfAbsent(
            id, tenant.displayName(), tenant.homeRegion(), Optional.empty(), OffsetDateTime.now(ZoneOffset.UTC));
      }
      return new SeededDatabase(db);
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
  }

  /** The schema owner, whom row-level security does not restrict: the truth to compare with. */
  DSLContext owner() {
    return DSL.using(db.superuserDataSource(), SQLDialect.POSTGRES);
  }

  /** A pool that logs in as the runtime role, as a node's does. */
  HikariDataSource runtimePool(int size) {
    HikariConfig hikari = new HikariConfig();
    hikari.setJdbcUrl(db.jdbcUrl(Migrations.RUNTIME_ROLE));
    hikari.setMaximumPoolSize(size);
    return new HikariDataSource(hikari);
  }

  DataSource superuser() {
    return db.superuserDataSource();
  }

  /** Every table of the app schema, read from the catalog so that a new table is covered too. */
  List<String> appTables() {
    return owner()
        .fetch("select tablename from pg_tables where schemaname = 'app' order by 1")
        .getValues(0, String.class);
  }

  @Override
  public void close() {
    db.close();
  }
}
