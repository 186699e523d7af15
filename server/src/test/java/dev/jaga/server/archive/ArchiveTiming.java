package dev.jaga.server.archive;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.jaga.api.v1.ExportFormats;
import dev.jaga.api.v1.Scope;
import dev.jaga.db.EmbeddedDatabase;
import dev.jaga.db.Migrations;
import dev.jaga.server.app.TestClusters;
import dev.jaga.server.demo.DemoSeeder;
import dev.jaga.server.demo.DemoTenants;
import dev.jaga.server.export.ExportPlans;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * A manual check, not a test: how fast a whole-tenant archive of acme-id is written, JSON only and
 * JSON with CSV, at a realistic size. Run as {@code DemoSeedTiming} explains, with class
 * {@code dev.jaga.server.archive.ArchiveTiming} and the row count (default 200,000).
 */
final class ArchiveTiming {
  private ArchiveTiming() {}

  public static void main(String[] args) throws Exception {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    Path tmp = Path.of(System.getProperty("jaga.tmpdir", "../var/tmp")).toAbsolutePath();
    try (EmbeddedDatabase db = EmbeddedDatabase.startTemporary(tmp)) {
      Migrations.migrateJaga(db.superuserDataSource());
      Migrations.migrateDemoApp(db.superuserDataSource());
      DemoTenants.DemoTenant acme = DemoTenants.all().stream().filter(t -> t.id().equals("acme-id")).findFirst().orElseThrow();
      new DemoSeeder(db.superuserDataSource()).seed(acme, rows);
      HikariConfig hikari = new HikariConfig();
      hikari.setJdbcUrl(db.jdbcUrl(Migrations.RUNTIME_ROLE));
      try (HikariDataSource pool = new HikariDataSource(hikari)) {
        OpenPgpArchiveProducer producer = new OpenPgpArchiveProducer(
            pool, ExportPlans.create(TestClusters.realConfig(), DSL.using(pool, SQLDialect.POSTGRES)), Clock.systemUTC());
        for (int run = 0; run < 3; run++) {
          for (boolean csv : new boolean[] {false, true}) {
            Path target = Files.createTempFile(tmp, "archive", ".gpg");
            long start = System.nanoTime();
            ProducedArchive a = producer.produce(
                new ArchiveJob("71m1ng" + "0".repeat(26), "acme-id", Scope.getDefaultInstance(),
                    ExportFormats.newBuilder().setCsv(csv).setAttachments(true).build(), Optional.empty()),
                target, new ArchiveProgress() {
                  @Override
                  public void advanced(int done, int total, long r, long b) {}

                  @Override
                  public boolean cancelled() {
                    return false;
                  }
                });
            double s = (System.nanoTime() - start) / 1e9;
            long total = a.rowsPerEntity().values().stream().mapToLong(Long::longValue).sum();
            System.out.printf("run %d %-10s %,d rows in %.2f s: %,.0f rows/s, %.1f MB encrypted (%.1f MB/s)%n",
                run, csv ? "json+csv" : "json", total, s, total / s, a.bytes() / 1e6, a.bytes() / 1e6 / s);
            Files.delete(target);
          }
        }
      }
    }
  }
}
