package dev.jaga.server.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.jaga.config.DatabaseSettings;
import dev.jaga.config.Region;
import dev.jaga.db.EmbeddedDatabase;
import java.nio.file.Path;
import javax.sql.DataSource;

/**
 * The region's own PostgreSQL: the embedded one under {@code var/<region>/} by default, or the
 * cluster a production {@code regions.yaml} names. Nothing regional is shared across regions.
 *
 * <p>Opened before the node's object graph is built, so every service starts with a live pool.
 */
public final class RegionDatabase implements AutoCloseable {
  private final EmbeddedDatabase embedded;
  private final HikariDataSource pool;

  private RegionDatabase(EmbeddedDatabase embedded, HikariDataSource pool) {
    this.embedded = embedded;
    this.pool = pool;
  }

  /** Starts the embedded server if the region uses one, and opens the connection pool. */
  public static RegionDatabase open(Region region, Path workDir) {
    HikariConfig hikari = new HikariConfig();
    hikari.setPoolName("jaga-" + region.id());
    hikari.setMaximumPoolSize(16);
    hikari.setConnectionTimeout(10_000);
    EmbeddedDatabase embedded = null;
    if (region.database() instanceof DatabaseSettings.Embedded e) {
      embedded = EmbeddedDatabase.start(e.dataDir(), workDir);
      hikari.setJdbcUrl(embedded.jdbcUrl());
      hikari.setUsername(EmbeddedDatabase.SUPERUSER);
    } else if (region.database() instanceof DatabaseSettings.Jdbc j) {
      String password = System.getenv(j.passwordEnv());
      if (password == null) {
        throw new IllegalStateException(
            "region " + region.id() + ": environment variable " + j.passwordEnv()
                + " (database.jdbc.password_env in regions.yaml) is not set");
      }
      hikari.setJdbcUrl(j.url());
      hikari.setUsername(j.user());
      hikari.setPassword(password);
    }
    try {
      return new RegionDatabase(embedded, new HikariDataSource(hikari));
    } catch (RuntimeException e) {
      if (embedded != null) {
        embedded.close();
      }
      throw e;
    }
  }

  public DataSource dataSource() {
    return pool;
  }

  /** The JDBC URL people and tools can use (recorded in var/dev/cluster.json). */
  public String jdbcUrl() {
    return pool.getJdbcUrl();
  }

  @Override
  public void close() {
    pool.close();
    if (embedded != null) {
      embedded.close();
    }
  }
}
