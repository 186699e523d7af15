package dev.jaga.server.archive;

import dev.jaga.config.Entity;
import dev.jaga.server.db.TenantScope;
import dev.jaga.server.export.ExportPlans;
import dev.jaga.server.export.ExportPlans.PlannedEntity;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import javax.sql.DataSource;

/**
 * One read-only REPEATABLE READ transaction scoped to the tenant: every file of an archive is read
 * from it, so all of them show the data as it was at one instant, however often an entity is read
 * (its JSON, then its CSV, then its attachments). Rows come through the stream export's binary COPY, a
 * row at a time, so memory stays flat.
 */
final class Snapshot implements AutoCloseable {
  private final Connection connection;
  private final Instant time;

  Snapshot(DataSource dataSource, String tenantId) throws SQLException {
    this.connection = dataSource.getConnection();
    try {
      connection.setAutoCommit(false);
      connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      connection.setReadOnly(true);
      try (PreparedStatement scope = connection.prepareStatement(
          "select set_config(?, ?, true), set_config('bytea_output', 'hex', true),"
              // Rows come unordered; without parallel workers or a scan joining another one midway,
              // the .jsonl and .csv passes over one snapshot list them in the same order.
              + " set_config('max_parallel_workers_per_gather', '0', true),"
              + " set_config('synchronize_seqscans', 'off', true), transaction_timestamp()")) {
        scope.setString(1, TenantScope.SETTING);
        scope.setString(2, tenantId);
        try (ResultSet rs = scope.executeQuery()) {
          rs.next();
          time = rs.getTimestamp(5).toInstant();
        }
      }
    } catch (SQLException | RuntimeException e) {
      close();
      throw e;
    }
  }

  /** The instant the snapshot shows (the transaction's start). */
  Instant time() {
    return time;
  }

  /** Reads every row of the entity, in the table's order (the same in every pass); returns how many. */
  long forEachRow(PlannedEntity entity, ExportPlans.RowHandler handler) throws SQLException, IOException {
    return ExportPlans.forEachRow(connection, entity, handler);
  }

  /** The entity's columns of type bytea: file content, written as attachments when asked. */
  Set<String> binaryColumns(Entity entity) throws SQLException {
    Set<String> out = new HashSet<>();
    try (PreparedStatement s = connection.prepareStatement(
        "select a.attname::text from pg_attribute a where a.attrelid = cast(? as regclass)"
            + " and a.attnum > 0 and not a.attisdropped and a.atttypid = 'bytea'::regtype")) {
      s.setString(1, quote(entity.schema()) + "." + quote(entity.table()));
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
    }
    return out;
  }

  private static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

  /** Ends the transaction (nothing was written) and returns the connection. */
  @Override
  public void close() {
    try {
      connection.rollback();
    } catch (SQLException ignored) {
      // A broken connection has no transaction left to end.
    }
    try {
      connection.close();
    } catch (SQLException ignored) {
      // Nothing more to release.
    }
  }
}
