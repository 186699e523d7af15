package dev.jaga.server.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.jaga.config.DatabaseSettings;
import dev.jaga.config.Region;
import dev.jaga.db.EmbeddedDatabase;
import dev.jaga.db.Migrations;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The region's own PostgreSQL: the embedded one under {@code var/<region>/} by default, or the
 * cluster a production {@code regions.yaml} names. Nothing regional is shared across regions.
 *
 * <p>There are two ways in. The owner of the schema migrates it and seeds the demo; every service
 * queries through the runtime pool, which logs in as a role that row-level security restricts.
 * Opened before the node's object graph is built, so every service starts with a live pool.
 */
public final class RegionDatabase implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RegionDatabase.class);

  private final EmbeddedDatabase embedded;
  private final Optional<DataSource> owner;
  private final String jdbcUrl;
  private final HikariDataSource pool;

  private RegionDatabase(
      EmbeddedDatabase embedded, Optional<DataSource> owner, String jdbcUrl, HikariDataSource pool) {
    this.embedded = embedded;
    this.owner = owner;
    this.jdbcUrl = jdbcUrl;
    this.pool = pool;
  }

  /**
   * Starts the embedded server if the region uses one, runs {@code asOwner} as the schema owner
   * (migrations, demo seeding) when the node holds the owner's credentials, and only then opens
   * the runtime pool: the runtime role is itself created by the migrations. A runtime role that
   * row-level security would not restrict stops the node here ({@link RowSecurityGuard}).
   */
  public static RegionDatabase open(Region region, Path workDir, Consumer<DataSource> asOwner) {
    EmbeddedDatabase embedded = null;
    try {
      HikariConfig hikari = new HikariConfig();
      hikari.setPoolName("jaga-" + region.id());
      hikari.setMaximumPoolSize(16);
      hikari.setConnectionTimeout(10_000);
      Optional<DataSource> owner;
      String jdbcUrl;
      if (region.database() instanceof DatabaseSettings.Embedded e) {
        embedded = EmbeddedDatabase.start(e.dataDir(), workDir);
        owner = Optional.of(embedded.superuserDataSource());
        jdbcUrl = embedded.jdbcUrl();
        // The embedded cluster trusts local logins, so the runtime role needs no password.
        hikari.setJdbcUrl(embedded.jdbcUrl(Migrations.RUNTIME_ROLE));
      } else {
        DatabaseSettings.Jdbc j = (DatabaseSettings.Jdbc) region.database();
        owner = j.owner().map(o -> ownerDataSource(region, j.url(), o));
        jdbcUrl = j.url();
        hikari.setJdbcUrl(j.url());
        hikari.setUsername(j.user());
        hikari.setPassword(password(region, j.passwordEnv(), "database.jdbc.password_env"));
      }
      owner.ifPresentOrElse(
          asOwner,
          () ->
              log.info(
                  "region {}: no owner_user in regions.yaml, so the schema is left to the database"
                      + " administrator to migrate",
                  region.id()));
      HikariDataSource pool = new HikariDataSource(hikari);
      try {
        RowSecurityGuard.require(pool);
      } catch (RuntimeException ex) {
        pool.close();
        throw ex;
      }
      return new RegionDatabase(embedded, owner, jdbcUrl, pool);
    } catch (RuntimeException e) {
      if (embedded != null) {
        embedded.close();
      }
      throw e;
    }
  }

  /** Whether {@link #open} can act as the schema owner for this region (migrate, seed). */
  public static boolean hasOwner(Region region) {
    return !(region.database() instanceof DatabaseSettings.Jdbc j) || j.owner().isPresent();
  }

  /** The runtime pool, as the restricted role: what every service queries through. */
  public DataSource dataSource() {
    return pool;
  }

  /**
   * A connection as the runtime role outside the pool, for a task that holds one for the node's
   * life (a LISTEN) and must neither take a slot from the services nor wait for one.
   */
  public Connection openDedicated(String applicationName) throws SQLException {
    Properties properties = new Properties();
    if (pool.getUsername() != null) {
      properties.setProperty("user", pool.getUsername());
    }
    if (pool.getPassword() != null) {
      properties.setProperty("password", pool.getPassword());
    }
    properties.setProperty("ApplicationName", applicationName);
    return DriverManager.getConnection(pool.getJdbcUrl(), properties);
  }

  /**
   * The schema owner, which row-level security does not restrict: for migrations, seeding and
   * tests that must see every tenant. Empty when regions.yaml names no owner.
   */
  public Optional<DataSource> ownerDataSource() {
    return owner;
  }

  /** The JDBC URL people and tools can use (recorded in var/dev/cluster.json). */
  public String jdbcUrl() {
    return jdbcUrl;
  }

  @Override
  public void close() {
    pool.close();
    if (embedded != null) {
      embedded.close();
    }
  }

  // Not pooled: the owner is needed for a few connections at start-up, then never again.
  private static DataSource ownerDataSource(Region region, String url, DatabaseSettings.Owner o) {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setUrl(url);
    ds.setUser(o.user());
    ds.setPassword(password(region, o.passwordEnv(), "database.jdbc.owner_password_env"));
    return ds;
  }

  private static String password(Region region, String env, String field) {
    String password = System.getenv(env);
    if (password == null) {
      throw new IllegalStateException(
          "region " + region.id() + ": environment variable " + env + " (" + field
              + " in regions.yaml) is not set");
    }
    return password;
  }
}
