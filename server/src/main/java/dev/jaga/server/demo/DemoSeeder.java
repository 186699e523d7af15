package dev.jaga.server.demo;

import dev.jaga.server.demo.DemoTenants.DemoPerson;
import dev.jaga.server.demo.DemoTenants.DemoTenant;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;

/**
 * Fills every table of the demo application's {@code app} schema for one tenant with realistic,
 * deterministic data: the same tenant and size give byte-identical rows in any database, so that
 * exports, digests and benchmarks can be compared across regions and runs.
 *
 * <p>PostgreSQL generates the rows itself ({@code INSERT ... SELECT ... FROM generate_series}, in
 * the scripts under {@code resources/demo/}); Java only supplies the tenant, its named people and
 * the table sizes, which is what makes a million contacts take seconds rather than minutes.
 */
public final class DemoSeeder {
  private static final List<String> SCRIPTS =
      List.of("functions.sql", "people.sql", "crm.sql", "billing.sql", "activity.sql");

  private final DataSource dataSource;

  /** {@code dataSource} reaches a database migrated with both the jaga and the demo migrations. */
  public DemoSeeder(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** How many rows each table gets; {@code rows} is the size of the largest one, contacts. */
  public record Sizes(
      int named,
      int users,
      int teams,
      int contacts,
      int documents,
      int attachments,
      int comments,
      int invoices,
      int payments,
      int activity,
      int sessions,
      int apiKeys) {
    /** Scales every table from {@code rows}, with floors so that tiny runs still fill them all. */
    public static Sizes of(int rows, int named) {
      if (rows < 1) {
        throw new IllegalArgumentException("rows must be positive: " + rows);
      }
      int users = named + Math.max(5, rows / 100);
      int invoices = Math.max(10, rows / 10);
      return new Sizes(
          named,
          users,
          Math.max(3, users / 10),
          Math.max(10, rows),
          Math.max(10, rows / 10),
          Math.max(5, rows / 20),
          Math.max(10, rows / 5),
          invoices,
          invoices * 4 / 5,
          Math.max(10, rows / 2),
          Math.max(5, rows / 50),
          Math.max(3, users / 20));
    }
  }

  /** Seeds {@code tenant} in one transaction; fails if the tenant already has demo data. */
  public void seed(DemoTenant tenant, int rows) {
    Sizes sizes = Sizes.of(rows, tenant.people().size());
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        if (isSeeded(c, tenant.id())) {
          throw new IllegalStateException("demo tenant " + tenant.id() + " is already seeded");
        }
        try (Statement s = c.createStatement()) {
          // Demo data is regenerated on demand, so waiting for the WAL flush buys nothing.
          s.execute("set local synchronous_commit = off");
        }
        declare(c, tenant, sizes);
        for (String script : SCRIPTS) {
          try (Statement s = c.createStatement()) {
            s.execute(resource(script));
          }
        }
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not seed demo tenant " + tenant.id(), e);
    }
  }

  /** Whether {@code tenantId} already has demo data (seeding is all or nothing). */
  public boolean isSeeded(String tenantId) {
    try (Connection c = dataSource.getConnection()) {
      return isSeeded(c, tenantId);
    } catch (SQLException e) {
      throw new IllegalStateException("could not check demo tenant " + tenantId, e);
    }
  }

  private static boolean isSeeded(Connection c, String tenantId) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("select exists (select 1 from app.users where tenant_id = ?)")) {
      s.setString(1, tenantId);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  /** Puts the tenant, its market, sizes and named people where the scripts read them. */
  private static void declare(Connection c, DemoTenant tenant, Sizes sizes) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(
          "create temp table seed (tenant text, market text, domain text, named int, users int,"
              + " teams int, contacts int, documents int, attachments int, comments int,"
              + " invoices int, payments int, activity int, sessions int, api_keys int)"
              + " on commit drop");
      s.execute(
          "create temp table seed_people (no int primary key, email text, full_name text)"
              + " on commit drop");
    }
    try (PreparedStatement s =
        c.prepareStatement(
            "insert into seed values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      int i = 0;
      s.setString(++i, tenant.id());
      s.setString(++i, market(tenant.homeRegion()));
      s.setString(++i, emailDomain(tenant));
      for (int size :
          new int[] {
            sizes.named(), sizes.users(), sizes.teams(), sizes.contacts(), sizes.documents(),
            sizes.attachments(), sizes.comments(), sizes.invoices(), sizes.payments(),
            sizes.activity(), sizes.sessions(), sizes.apiKeys()
          }) {
        s.setInt(++i, size);
      }
      s.executeUpdate();
    }
    try (PreparedStatement s = c.prepareStatement("insert into seed_people values (?, ?, ?)")) {
      List<DemoPerson> people = tenant.people();
      for (int no = 1; no <= people.size(); no++) {
        s.setInt(1, no);
        s.setString(2, people.get(no - 1).email());
        s.setString(3, people.get(no - 1).name());
        s.addBatch();
      }
      s.executeBatch();
    }
  }

  /** Which names, phones, addresses and currency the tenant's data looks like. */
  private static String market(String homeRegion) {
    if (homeRegion.startsWith("id-")) {
      return "id";
    }
    return homeRegion.startsWith("sg-") ? "sg" : "eu";
  }

  /** Generated staff get addresses at the company's domain, taken from its first named person. */
  private static String emailDomain(DemoTenant tenant) {
    String email = tenant.people().get(0).email();
    return email.substring(email.indexOf('@') + 1);
  }

  private static String resource(String name) {
    try (InputStream in = DemoSeeder.class.getResourceAsStream("/demo/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing seeder script /demo/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
