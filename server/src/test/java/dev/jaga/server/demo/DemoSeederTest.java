package dev.jaga.server.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jaga.db.EmbeddedDatabase;
import dev.jaga.db.Migrations;
import dev.jaga.server.demo.DemoTenants.DemoTenant;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DemoSeederTest {
  private static final int ROWS = 500;

  /** Holds all four demo tenants. */
  private static EmbeddedDatabase shared;
  /** Holds acme-id alone, seeded independently, to compare bytes with. */
  private static EmbeddedDatabase alone;

  @BeforeAll
  static void seed() {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    shared = EmbeddedDatabase.startTemporary(tmp);
    alone = EmbeddedDatabase.startTemporary(tmp);
    for (EmbeddedDatabase db : List.of(shared, alone)) {
      Migrations.migrateJaga(db.superuserDataSource());
      Migrations.migrateDemoApp(db.superuserDataSource());
    }
    DemoSeeder seeder = new DemoSeeder(shared.superuserDataSource());
    // Not in list order, so that "the same data in any database" also means "in any order".
    for (String id : List.of("sinar-id", "fjord-eu", "acme-id", "merlion-sg")) {
      seeder.seed(tenant(id), ROWS);
    }
    new DemoSeeder(alone.superuserDataSource()).seed(tenant("acme-id"), ROWS);
  }

  @AfterAll
  static void stop() {
    shared.close();
    alone.close();
  }

  @Test
  void seed_sameTenantInTwoDatabases_givesIdenticalTables() throws SQLException {
    Map<String, String> inShared = digests(shared.superuserDataSource(), "acme-id");
    Map<String, String> inAlone = digests(alone.superuserDataSource(), "acme-id");

    assertThat(inShared).hasSameSizeAs(appTables(shared.superuserDataSource()));
    assertThat(inAlone).isEqualTo(inShared);
  }

  @Test
  void seed_everyTenant_fillsEveryAppTable() throws SQLException {
    DataSource ds = shared.superuserDataSource();
    for (String table : appTables(ds)) {
      List<String> tenants =
          strings(ds, "select distinct tenant_id from app." + table + " order by 1");
      assertThat(tenants).as(table).containsExactly("acme-id", "fjord-eu", "merlion-sg", "sinar-id");
    }
  }

  @Test
  void seed_twoTenantsInOneDatabase_neverReferenceEachOther() throws SQLException {
    DataSource ds = shared.superuserDataSource();
    List<String> foreignKeys =
        strings(
            ds,
            "select format('select count(*) from %s c join %s p on p.id = c.%I"
                + " where p.tenant_id <> c.tenant_id', conrelid::regclass, confrelid::regclass,"
                + " (select attname from pg_attribute where attrelid = conrelid"
                + "  and attnum = conkey[1]))"
                + " from pg_constraint where contype = 'f' and connamespace = 'app'::regnamespace");

    assertThat(foreignKeys).hasSizeGreaterThan(10);
    for (String crossTenant : foreignKeys) {
      assertThat(strings(ds, crossTenant)).as(crossTenant).containsExactly("0");
    }
  }

  @Test
  void seed_agencyUser_isAUserAndAuthorInBothClientTenants() throws SQLException {
    DataSource ds = shared.superuserDataSource();
    String byAgus =
        "select distinct u.tenant_id from app.users u join app.%s x on x.%s = u.id"
            + " where u.email = 'agus@kreatif-agency.id' order by 1";

    assertThat(strings(ds, String.format(byAgus, "users", "id")))
        .containsExactly("acme-id", "sinar-id");
    assertThat(strings(ds, String.format(byAgus, "comments", "author_user_id")))
        .containsExactly("acme-id", "sinar-id");
    assertThat(strings(ds, String.format(byAgus, "documents", "owner_user_id")))
        .containsExactly("acme-id", "sinar-id");
  }

  @Test
  void seed_comments_includeCommentsByNonOwnersInEveryTenant() throws SQLException {
    List<String> tenants =
        strings(
            shared.superuserDataSource(),
            "select distinct c.tenant_id from app.comments c"
                + " join app.documents d on d.id = c.document_id"
                + " where c.author_user_id <> d.owner_user_id order by 1");

    assertThat(tenants).containsExactly("acme-id", "fjord-eu", "merlion-sg", "sinar-id");
  }

  @Test
  void seed_rows_scalesTablesFromContacts() throws SQLException {
    DemoSeeder.Sizes sizes = DemoSeeder.Sizes.of(ROWS, tenant("acme-id").people().size());
    DataSource ds = shared.superuserDataSource();

    assertThat(count(ds, "contacts")).isEqualTo(sizes.contacts()).isEqualTo(ROWS);
    assertThat(count(ds, "users")).isEqualTo(sizes.users());
    assertThat(count(ds, "comments")).isEqualTo(sizes.comments());
    assertThat(count(ds, "payments")).isEqualTo(sizes.payments());
  }

  @Test
  void isSeeded_afterSeed_isTrueOnlyForThatTenant() {
    DemoSeeder seeder = new DemoSeeder(alone.superuserDataSource());

    assertThat(seeder.isSeeded("acme-id")).isTrue();
    assertThat(seeder.isSeeded("sinar-id")).isFalse();
  }

  @Test
  void seed_alreadySeededTenant_failsAndChangesNothing() throws SQLException {
    DataSource ds = alone.superuserDataSource();
    Map<String, String> before = digests(ds, "acme-id");

    assertThatThrownBy(() -> new DemoSeeder(ds).seed(tenant("acme-id"), ROWS))
        .hasMessageContaining("already seeded");
    assertThat(digests(ds, "acme-id")).isEqualTo(before);
  }

  private static DemoTenant tenant(String id) {
    return DemoTenants.all().stream().filter(t -> t.id().equals(id)).findFirst().orElseThrow();
  }

  private static int count(DataSource ds, String table) throws SQLException {
    return Integer.parseInt(
        strings(ds, "select count(*) from app." + table + " where tenant_id = 'acme-id'").get(0));
  }

  /** One digest per app table of the tenant's rows, in a fixed order, so bytes can be compared. */
  private static Map<String, String> digests(DataSource ds, String tenantId) throws SQLException {
    Map<String, String> digests = new LinkedHashMap<>();
    for (String table : appTables(ds)) {
      try (Connection c = ds.getConnection();
          PreparedStatement s =
              c.prepareStatement(
                  "select count(*) || ':' || md5(string_agg(t::text, ',' order by t::text))"
                      + " from app." + table + " t where tenant_id = ?")) {
        s.setString(1, tenantId);
        try (ResultSet rs = s.executeQuery()) {
          rs.next();
          digests.put(table, rs.getString(1));
        }
      }
    }
    return digests;
  }

  private static List<String> appTables(DataSource ds) throws SQLException {
    return strings(
        ds,
        "select table_name from information_schema.tables where table_schema = 'app' order by 1");
  }

  private static List<String> strings(DataSource ds, String sql) throws SQLException {
    try (Connection c = ds.getConnection();
        ResultSet rs = c.createStatement().executeQuery(sql)) {
      List<String> values = new ArrayList<>();
      while (rs.next()) {
        values.add(rs.getString(1));
      }
      return values;
    }
  }
}
