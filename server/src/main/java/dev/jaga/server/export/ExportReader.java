package dev.jaga.server.export;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;

/**
 * Reads an export's entities one after another from ONE read-only REPEATABLE READ transaction
 * (one snapshot for the whole stream), through server-side cursors, a batch at a time, so memory
 * stays flat whatever the export's size. Scoped to the tenant like every other transaction.
 */
final class ExportReader implements AutoCloseable {
  private static final int FETCH_ROWS = 1_000;

  /** Records of one entity, as JSON lines. */
  record Batch(int entityIndex, String entity, byte[] jsonl, int count, String lastKey, boolean entityDone) {}

  private final Connection connection;
  private final List<EntityQuery> plan;
  private final Instant snapshotTime;
  private int entityIndex;
  private String resumeAfter;
  private PreparedStatement statement;
  private ResultSet rows;

  ExportReader(DataSource dataSource, String tenantId, List<EntityQuery> plan, int entityIndex, String lastKey)
      throws SQLException {
    this.plan = plan;
    this.entityIndex = entityIndex;
    this.resumeAfter = lastKey;
    this.connection = dataSource.getConnection();
    try {
      connection.setAutoCommit(false);
      connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      connection.setReadOnly(true);
      try (PreparedStatement scope = connection.prepareStatement(
          "select set_config('jaga.tenant_id', ?, true), transaction_timestamp()")) {
        scope.setString(1, tenantId);
        try (ResultSet rs = scope.executeQuery()) {
          rs.next();
          snapshotTime = rs.getTimestamp(2).toInstant();
        }
      }
    } catch (SQLException | RuntimeException e) {
      close();
      throw e;
    }
  }

  Instant snapshotTime() {
    return snapshotTime;
  }

  /** The next batch of at most about {@code maxBytes}, or null when every entity is done. */
  Batch next(int maxBytes) throws SQLException {
    while (entityIndex < plan.size()) {
      if (rows == null) {
        open(plan.get(entityIndex));
      }
      ByteArrayOutputStream jsonl = new ByteArrayOutputStream(Math.min(maxBytes + 4096, 1 << 20));
      int count = 0;
      String last = null;
      boolean more;
      while ((more = rows.next())) {
        last = rows.getString(1);
        jsonl.writeBytes(rows.getString(2).getBytes(StandardCharsets.UTF_8));
        jsonl.write('\n');
        count++;
        if (jsonl.size() >= maxBytes) {
          break;
        }
      }
      int index = entityIndex;
      if (!more) {
        closeCursor();
        entityIndex++;
        resumeAfter = "";
      }
      if (count > 0) {
        return new Batch(index, plan.get(index).entity(), jsonl.toByteArray(), count, last, !more);
      }
    }
    return null;
  }

  private void open(EntityQuery query) throws SQLException {
    boolean resuming = !resumeAfter.isEmpty();
    statement = connection.prepareStatement(resuming ? query.resumeSql() : query.sql());
    int i = 1;
    for (Object parameter : query.parameters()) {
      statement.setObject(i++, parameter);
    }
    if (resuming) {
      statement.setString(i, resumeAfter);
    }
    statement.setFetchSize(FETCH_ROWS);
    try {
      rows = statement.executeQuery();
    } catch (SQLException e) {
      if (resuming && "22P02".equals(e.getSQLState())) {
        // The token's position is not a key of this table: a forged or mangled token.
        throw dev.jaga.server.grpc.JagaException.invalidField(
            "resume_token", "this token is not a position of this export");
      }
      throw e;
    }
  }

  /** Aborts a query in flight; safe from another thread. */
  void cancel() {
    PreparedStatement running = statement;
    if (running != null) {
      try {
        running.cancel();
      } catch (SQLException ignored) {
        // The query ended on its own; closing follows anyway.
      }
    }
  }

  private void closeCursor() throws SQLException {
    if (rows != null) {
      rows.close();
      rows = null;
    }
    if (statement != null) {
      statement.close();
      statement = null;
    }
  }

  /** Ends the transaction and returns the connection: cursor and snapshot are released at once. */
  @Override
  public void close() {
    try {
      closeCursor();
    } catch (SQLException ignored) {
      // The rollback below releases the cursor anyway.
    }
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
