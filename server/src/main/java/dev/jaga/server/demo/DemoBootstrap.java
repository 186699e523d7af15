package dev.jaga.server.demo;

import dev.jaga.config.Region;
import dev.jaga.config.RegionConfig;
import dev.jaga.db.Migrations;
import dev.jaga.server.catalog.CatalogCheck;
import dev.jaga.server.db.TenantScope;
import dev.jaga.server.tenant.TenantRepository;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prepares a dev or test region: the demo application's schema, a check that the catalog
 * classifies all of it, and the demo tenants homed here — registered in Jaga's directory and
 * seeded once (a second start reuses the data).
 */
public final class DemoBootstrap {
  private static final Logger log = LoggerFactory.getLogger(DemoBootstrap.class);

  private DemoBootstrap() {}

  /**
   * {@code dataSource} must be the schema owner's: it creates the app schema and writes every
   * tenant's rows, which the runtime role's policies and grants rightly forbid.
   */
  public static void run(
      RegionConfig config, Region region, DataSource dataSource, int rows, Clock clock) {
    Migrations.migrateDemoApp(dataSource);
    DSLContext dsl = DSL.using(dataSource, SQLDialect.POSTGRES);
    new CatalogCheck(dsl).requireConsistent(config.catalog());
    TenantRepository directory = new TenantRepository(new TenantScope(dsl));
    DemoSeeder seeder = new DemoSeeder(dataSource);
    OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    for (DemoTenants.DemoTenant tenant : DemoTenants.homedIn(region.id())) {
      directory.insertIfAbsent(
          tenant.id(), tenant.displayName(), tenant.homeRegion(), Optional.empty(), now);
      if (!seeder.isSeeded(tenant.id())) {
        long started = System.nanoTime();
        seeder.seed(tenant, rows);
        log.info(
            "seeded demo tenant {} in region {} ({} rows in its largest table) in {} ms",
            tenant.id(),
            region.id(),
            rows,
            (System.nanoTime() - started) / 1_000_000);
      }
    }
  }
}
