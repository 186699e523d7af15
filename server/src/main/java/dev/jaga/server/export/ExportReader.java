package dev.jaga.server.export;

import dev.jaga.server.grpc.JagaException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

/**
 * Reads an export's entities one after another from ONE read-only REPEATABLE READ transaction
 * (one snapshot for the whole stream), each as a binary {@code COPY ... TO STDOUT}, a batch at a
 * time. PostgreSQL only reads, masks and sends; the JSON is written here, on another core. A batch
 * is read only when asked for: until then the COPY waits on a full socket, so memory stays flat
 * whatever the export's size. Scoped to the tenant like every other transaction.
 */
final class ExportReader implements AutoCloseable {
  /** Records of one entity, as JSON lines: the first {@code size} bytes of {@code jsonl}. */
  record Batch(int entityIndex, String entity, byte[] jsonl, int size, int count, String lastKey, boolean entityDone) {}

  private final Connection connection;
  private final PGConnection pg;
  private final List<EntityQuery> plan;
  private final Instant snapshotTime;
  private final Object cancelLock = new Object();
  private boolean closed;
  private int entityIndex;
  private String resumeAfter;
  private CopyOut copy;
  private CopyRowDecoder decoder;
  private long batchesRead;

  ExportReader(DataSource dataSource, String tenantId, List<EntityQuery> plan, int entityIndex, String lastKey)
      throws SQLException {
    this.plan = plan;
    this.entityIndex = entityIndex;
    this.resumeAfter = lastKey;
    this.connection = dataSource.getConnection();
    try {
      this.pg = connection.unwrap(PGConnection.class);
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

  /** How many batches this reader has read from the database so far. */
  long batchesRead() {
    return batchesRead;
  }

  /** The next batch of at most about {@code maxBytes}, or null when every entity is done. */
  Batch next(int maxBytes) throws SQLException {
    while (entityIndex < plan.size()) {
      if (copy == null) {
        open(plan.get(entityIndex));
      }
      JsonLines jsonl = new JsonLines(maxBytes + 8192);
      int count = 0;
      boolean more = true;
      while (jsonl.size() < maxBytes) {
        byte[] message = copy.readFromCopy();
        if (message == null) {
          more = false;
          break;
        }
        if (decoder.append(message, jsonl)) {
          count++;
        }
      }
      int index = entityIndex;
      String last = count > 0 ? decoder.lastKey() : null;
      if (!more) {
        copy = null;
        decoder = null;
        entityIndex++;
        resumeAfter = "";
      }
      if (count > 0) {
        batchesRead++;
        return new Batch(index, plan.get(index).entity(), jsonl.array(), jsonl.size(), count, last, !more);
      }
    }
    return null;
  }

  private void open(EntityQuery query) throws SQLException {
    boolean resuming = !resumeAfter.isEmpty();
    try (PreparedStatement set = connection.prepareStatement("select set_config(?, ?, true)")) {
      for (Map.Entry<String, String> setting : query.settings().entrySet()) {
        put(set, setting.getKey(), setting.getValue());
      }
      if (resuming) {
        put(set, Projection.AFTER, resumeAfter);
      }
    }
    decoder = query.decoder();
    try {
      copy = pg.getCopyAPI().copyOut(resuming ? query.resumeSql() : query.sql());
    } catch (SQLException e) {
      if (resuming && "22P02".equals(e.getSQLState())) {
        // The token's position is not a key of this table: a token this node did not make.
        throw JagaException.invalidField("resume_token", "this token is not a position of this export");
      }
      throw e;
    }
  }

  private static void put(PreparedStatement set, String name, String value) throws SQLException {
    set.setString(1, name);
    set.setString(2, value);
    set.executeQuery().close();
  }

  /** Aborts a COPY in flight; safe from another thread, and a no-op once the reader is closed. */
  void cancel() {
    synchronized (cancelLock) {
      if (!closed) {
        try {
          pg.cancelQuery();
        } catch (SQLException ignored) {
          // The query ended on its own; closing follows anyway.
        }
      }
    }
  }

  /** Ends the transaction and returns the connection: COPY and snapshot are released at once. */
  @Override
  public void close() {
    synchronized (cancelLock) {
      // Set first, so no cancel request can reach this connection once it is back in the pool.
      closed = true;
    }
    if (copy != null) {
      // Mid-COPY (cancelled, broken, or failed while reading): such a connection must not go back
      // to the pool. The query is cancelled and the connection itself closed, so PostgreSQL ends
      // the transaction at once; the pool then discards it. A cancel request sent on a connection
      // that is being discarded cannot reach anyone else's query.
      try {
        pg.cancelQuery();
      } catch (SQLException ignored) {
        // Closing the connection below ends the COPY anyway.
      }
      try {
        ((Connection) pg).close();
      } catch (SQLException | ClassCastException ignored) {
        // Already closed.
      }
      copy = null;
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
