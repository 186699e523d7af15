package dev.jaga.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * A PostgreSQL 17 server that the project starts itself, one per region, so that nothing depends
 * on a database installed on the machine.
 *
 * <p>The data directory survives restarts (a second {@code ./jaga dev} reuses the data); sockets and
 * extracted binaries live under the project's own {@code var/} so that parallel runs and leftover
 * clusters of other projects never collide.
 */
public final class EmbeddedDatabase implements AutoCloseable {
  /** The superuser and maintenance database that zonky's initdb creates. */
  public static final String SUPERUSER = "postgres";

  public static final String DATABASE = "postgres";

  private final EmbeddedPostgres postgres;
  private final Path dataDir;
  private final boolean temporary;

  private EmbeddedDatabase(EmbeddedPostgres postgres, Path dataDir, boolean temporary) {
    this.postgres = postgres;
    this.dataDir = dataDir;
    this.temporary = temporary;
  }

  /** Starts (initialising on first use) the cluster kept in {@code dataDir}. */
  public static EmbeddedDatabase start(Path dataDir, Path workDir) {
    return start(dataDir, workDir, false);
  }

  /** Starts a throw-away cluster under {@code workDir}, deleted again by {@link #close()}. */
  public static EmbeddedDatabase startTemporary(Path workDir) {
    try {
      Files.createDirectories(workDir);
      return start(Files.createTempDirectory(workDir, "pg-"), workDir, true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static EmbeddedDatabase start(Path dataDir, Path workDir, boolean temporary) {
    try {
      Path sockets = Files.createDirectories(workDir.resolve("sockets"));
      Files.createDirectories(dataDir.getParent());
      EmbeddedPostgres postgres =
          EmbeddedPostgres.builder()
              .setDataDirectory(dataDir)
              .setCleanDataDirectory(temporary)
              .setOverrideWorkingDirectory(workDir.resolve("pg-binaries").toFile())
              .setServerConfig("unix_socket_directories", sockets.toString())
              .setServerConfig("listen_addresses", "127.0.0.1")
              .setServerConfig("max_connections", "100")
              // Seeding a million-row tenant checkpoints constantly at the default 1 GB.
              .setServerConfig("max_wal_size", "4GB")
              .setServerConfig("fsync", temporary ? "off" : "on")
              .setPGStartupWait(Duration.ofSeconds(60))
              .start();
      return new EmbeddedDatabase(postgres, dataDir, temporary);
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the embedded PostgreSQL in " + dataDir, e);
    }
  }

  public int port() {
    return postgres.getPort();
  }

  public String jdbcUrl() {
    return jdbcUrl(SUPERUSER);
  }

  /**
   * The URL for another login role. The embedded cluster trusts local connections, so no password
   * is needed; the role is part of the URL, where it overrides any user a pool would pass.
   */
  public String jdbcUrl(String user) {
    return postgres.getJdbcUrl(user, DATABASE);
  }

  public Path dataDir() {
    return dataDir;
  }

  /** A non-pooled data source for the superuser; callers that need a pool wrap the URL instead. */
  public DataSource superuserDataSource() {
    return postgres.getPostgresDatabase();
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException("could not stop the embedded PostgreSQL in " + dataDir, e);
    }
  }

  @Override
  public String toString() {
    return "EmbeddedDatabase[" + jdbcUrl() + (temporary ? ", temporary" : "") + "]";
  }
}
