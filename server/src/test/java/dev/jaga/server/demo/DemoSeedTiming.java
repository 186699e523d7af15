package dev.jaga.server.demo;

import dev.jaga.db.EmbeddedDatabase;
import dev.jaga.db.Migrations;
import java.nio.file.Path;

/**
 * A manual check, not a test: how long one tenant takes to seed at a realistic size.
 *
 * <p>From {@code server/}, after {@code ./mvnw -q -B test-compile dependency:build-classpath -pl server
 * -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test} at the root: {@code java
 * -cp target/classes:target/test-classes:$(cat target/test-classpath.txt)
 * dev.jaga.server.demo.DemoSeedTiming 1000000}. It seeds both Jakarta tenants, the second into
 * tables that already hold the first, as {@code ./jaga dev} does.
 */
final class DemoSeedTiming {
  private DemoSeedTiming() {}

  public static void main(String[] args) {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    Path tmp = Path.of(System.getProperty("jaga.tmpdir", "../var/tmp")).toAbsolutePath();
    try (EmbeddedDatabase db = EmbeddedDatabase.startTemporary(tmp)) {
      Migrations.migrateJaga(db.superuserDataSource());
      Migrations.migrateDemoApp(db.superuserDataSource());
      DemoSeeder seeder = new DemoSeeder(db.superuserDataSource());
      for (DemoTenants.DemoTenant tenant : DemoTenants.homedIn("id-jkt")) {
        long start = System.nanoTime();
        seeder.seed(tenant, rows);
        System.out.printf(
            "%s: %,d rows seeded in %.1f s%n", tenant.id(), rows, (System.nanoTime() - start) / 1e9);
      }
    }
  }
}
