package dev.jaga.bench.pairs;

import static dev.jaga.bench.BenchContext.progress;

import dev.jaga.bench.BenchContext;
import dev.jaga.server.db.TenantScope;
import dev.jaga.server.tenant.TenantRepository;
import java.sql.Connection;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import javax.sql.DataSource;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * Tenants of a given size for the scaling pair, homed in id-jkt under the default residency preset
 * (in-country, as acme-id's). Their contacts are acme-id's own rows, copied under new ids as often
 * as the size needs, so every size exports rows of the same shape and bytes; only contacts are
 * copied, the only entity the pair exports.
 */
// Registered in the directory and filled as the schema owner, as the demo bootstrap does for the
// demo tenants: CreateTenant would ask every peer region whether the id is taken, and the bench
// runs only the regions its pairs need.
final class ScaleTenants {
  static final String OWNER = "owner@scale.bench.example";

  private ScaleTenants() {}

  static String id(long rows) {
    return "scale-" + rows;
  }

  /** Creates the tenant with {@code rows} contacts, copied from acme-id's; returns its id. */
  static String create(BenchContext bench, int rows) throws Exception {
    String id = id(rows);
    long started = System.nanoTime();
    DataSource owner = bench.cluster().owner(BenchContext.HOME);
    new TenantRepository(new TenantScope(DSL.using(owner, SQLDialect.POSTGRES)))
        .insertIfAbsent(id, "Scale " + rows, BenchContext.HOME, Optional.empty(),
            OffsetDateTime.now(ZoneOffset.UTC));
    long source = bench.tenantRows();
    long copies = (rows + source - 1) / source;
    try (Connection c = owner.getConnection(); Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      s.execute("set local synchronous_commit = off");
      // The bench's own constants, never user input; md5 of the source id and the copy's number
      // gives every copied row a new, deterministic id.
      s.executeUpdate("insert into app.contacts select md5(c.id::text || '/" + id + "/' || g)::uuid, '" + id + "',"
          + " c.owner_user_id, c.full_name, c.email, c.phone, c.nik, c.npwp, c.date_of_birth, c.address, c.city,"
          + " c.company_name, c.job_title, c.notes, c.created_at"
          + " from generate_series(1, " + copies + ") g,"
          + " (select * from app.contacts where tenant_id = '" + BenchContext.TENANT + "' order by id) c"
          + " limit " + rows);
      c.commit();
    }
    progress("pair 6: created tenant %s with %,d contacts in %.0f s", id, rows, (System.nanoTime() - started) / 1e9);
    return id;
  }

  /**
   * Vacuums the contacts as seeded data would be by the time anyone exports it: hint bits and the
   * visibility map set, statistics fresh, so no size's first read is also its first write.
   */
  static void vacuum(BenchContext bench) throws Exception {
    long started = System.nanoTime();
    try (Connection c = bench.cluster().owner(BenchContext.HOME).getConnection(); Statement s = c.createStatement()) {
      s.execute("vacuum analyze app.contacts");
    }
    progress("pair 6: vacuumed app.contacts in %.0f s", (System.nanoTime() - started) / 1e9);
  }

  static String token(BenchContext bench, String id) {
    return bench.cluster().token(OWNER, id, "owner");
  }
}
