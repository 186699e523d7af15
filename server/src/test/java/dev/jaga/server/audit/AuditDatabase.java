package dev.jaga.server.audit;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.jaga.db.EmbeddedDatabase;
import dev.jaga.db.Migrations;
import java.nio.file.Path;
import java.time.Duration;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * A throw-away PostgreSQL with the jaga schema for one test class, reachable as the schema owner
 * (the tests' hand, and the tamperer's) and as {@code jaga_runtime} (what the node runs as).
 */
final class AuditDatabase implements AutoCloseable {
  static final String RUNTIME = "jaga_runtime";

  private final EmbeddedDatabase db;
  private final HikariDataSource owner;
  private final HikariDataSource runtime;

  private AuditDatabase(EmbeddedDatabase db) {
    this.db = db;
    Migrations.migrateJaga(db.superuserDataSource());
    this.owner = pool(EmbeddedDatabase.SUPERUSER);
    this.runtime = pool(RUNTIME);
  }

  static AuditDatabase start() {
    return new AuditDatabase(
        EmbeddedDatabase.startTemporary(Path.of(System.getProperty("java.io.tmpdir"))));
  }

  /** jOOQ as the runtime role, subject to the grants and row-level security of V3. */
  DSLContext runtime() {
    return DSL.using(runtime, SQLDialect.POSTGRES);
  }

  /** jOOQ as the owner of the jaga schema, who bypasses row-level security. */
  DSLContext owner() {
    return DSL.using(owner, SQLDialect.POSTGRES);
  }

  /** A new connection, outside any pool, as {@code user}. */
  Connection connect(String user) throws SQLException {
    return DriverManager.getConnection(url() + "?user=" + user);
  }

  /** Empties the chain, so that each test starts from sequence 1. */
  void reset() {
    owner().execute("truncate jaga.audit_events, jaga.audit_heads");
  }

  /** Holds the chain's lock in another session, so that the writer waits inside its transaction. */
  Connection holdChainLock() throws SQLException {
    Connection c = connect(EmbeddedDatabase.SUPERUSER);
    c.setAutoCommit(false);
    c.createStatement().execute("select pg_advisory_xact_lock(" + ChainWriter.CHAIN_LOCK + ")");
    return c;
  }

  /** The process id of the writer's session, once it waits for the chain's lock. */
  int awaitWriterWaitingForTheLock() throws SQLException, InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    try (Connection c = connect(EmbeddedDatabase.SUPERUSER)) {
      while (System.nanoTime() < deadline) {
        try (ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "select pid from pg_stat_activity where usename = 'jaga_runtime'"
                        + " and wait_event_type = 'Lock' and wait_event = 'advisory'")) {
          if (rs.next()) {
            return rs.getInt(1);
          }
        }
        Thread.sleep(5);
      }
    }
    throw new AssertionError("the writer never waited for the chain's lock");
  }

  private HikariDataSource pool(String user) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url());
    config.setUsername(user);
    config.setMaximumPoolSize(4);
    config.setConnectionTimeout(5_000);
    return new HikariDataSource(config);
  }

  private String url() {
    return "jdbc:postgresql://127.0.0.1:" + db.port() + "/" + EmbeddedDatabase.DATABASE;
  }

  @Override
  public void close() {
    runtime.close();
    owner.close();
    db.close();
  }
}
