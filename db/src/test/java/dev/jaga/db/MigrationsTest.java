package dev.jaga.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MigrationsTest {
  private static EmbeddedDatabase db;

  @BeforeAll
  static void start() {
    db = EmbeddedDatabase.startTemporary(Path.of(System.getProperty("java.io.tmpdir")));
  }

  @AfterAll
  static void stop() {
    db.close();
  }

  @Test
  void migrate_freshDatabase_createsJagaAndAppSchemas() throws SQLException {
    DataSource ds = db.superuserDataSource();
    Migrations.migrateJaga(ds);
    Migrations.migrateDemoApp(ds);

    assertThat(tables(ds, "jaga")).contains("tenants", "audit_events", "audit_heads");
    assertThat(tables(ds, "app")).contains("users", "contacts", "documents", "comments", "payments");
    assertThat(query(ds, "select version()")).startsWith("PostgreSQL 17");
  }

  @Test
  void migrate_twice_isANoOp() throws SQLException {
    DataSource ds = db.superuserDataSource();
    Migrations.migrateJaga(ds);
    Migrations.migrateDemoApp(ds);
    String before = query(ds, "select count(*) from jaga.flyway_schema_history");

    Migrations.migrateJaga(ds);
    Migrations.migrateDemoApp(ds);

    assertThat(query(ds, "select count(*) from jaga.flyway_schema_history")).isEqualTo(before);
  }

  @Test
  void tenants_rejectsAnIdThatIsNotASlug() throws SQLException {
    DataSource ds = db.superuserDataSource();
    Migrations.migrateJaga(ds);
    try (Connection c = ds.getConnection()) {
      var insert =
          c.prepareStatement(
              "insert into jaga.tenants (tenant_id, display_name, home_region) values (?, 'x', 'id-jkt')");
      insert.setString(1, "Not A Slug");
      org.assertj.core.api.Assertions.assertThatThrownBy(insert::executeUpdate)
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("tenants_tenant_id_check");
    }
  }

  private static List<String> tables(DataSource ds, String schema) throws SQLException {
    try (Connection c = ds.getConnection();
        var s = c.prepareStatement(
            "select table_name from information_schema.tables where table_schema = ? order by 1")) {
      s.setString(1, schema);
      List<String> names = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          names.add(rs.getString(1));
        }
      }
      return names;
    }
  }

  private static String query(DataSource ds, String sql) throws SQLException {
    try (Connection c = ds.getConnection();
        ResultSet rs = c.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
