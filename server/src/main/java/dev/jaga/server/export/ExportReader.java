package dev.jaga.server.export;

import dev.jaga.server.grpc.JagaException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
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

  private static final Pattern SNAPSHOT_ID = Pattern.compile("[0-9A-F]{1,16}-[0-9A-F]{1,16}-[0-9]{1,10}");

  private final Connection holder;
  private final Connection connection;
  private final PGConnection pg;
  private final List<EntityQuery> plan;
  private final String snapshotId;
  private final Instant snapshotTime;
  private final boolean sameSnapshot;
  private final Object cancelLock = new Object();
  private boolean closed;
  private boolean cancelSent;
  private int entityIndex;
  private String resumeAfter;
  private CopyOut copy;
  private CopyRowDecoder decoder;

  /**
   * Opens the snapshot: the snapshot {@code resumeSnapshot} if it is still held somewhere in the
   * region (a resumption within the grace period), else a new one. One connection, the holder,
   * exports it ({@code pg_export_snapshot}) and only keeps it; the reader imports it and reads. A
   * broken stream can so close its reader at once and still keep the snapshot for a while.
   */
  ExportReader(
      DataSource dataSource, String tenantId, List<EntityQuery> plan, int entityIndex, String lastKey,
      String resumeSnapshot) throws SQLException {
    this.plan = plan;
    this.entityIndex = entityIndex;
    this.resumeAfter = lastKey;
    this.holder = dataSource.getConnection();
    Connection reader = null;
    try {
      begin(holder);
      this.sameSnapshot = !resumeSnapshot.isEmpty() && importSnapshot(holder, resumeSnapshot);
      try (Statement s = holder.createStatement();
          ResultSet rs = s.executeQuery("select pg_export_snapshot(), transaction_timestamp()")) {
        rs.next();
        snapshotId = rs.getString(1);
        snapshotTime = rs.getTimestamp(2).toInstant();
      }
      reader = dataSource.getConnection();
      this.connection = reader;
      this.pg = reader.unwrap(PGConnection.class);
      begin(reader);
      if (!importSnapshot(reader, snapshotId)) {
        throw new SQLException("the reader could not import the snapshot its holder just exported");
      }
      try (PreparedStatement scope = reader.prepareStatement("select set_config('jaga.tenant_id', ?, true)")) {
        scope.setString(1, tenantId);
        scope.executeQuery().close();
      }
    } catch (SQLException | RuntimeException e) {
      SnapshotHolds.end(holder);
      if (reader != null) {
        SnapshotHolds.end(reader);
      }
      throw e;
    }
  }

  private static void begin(Connection c) throws SQLException {
    c.setAutoCommit(false);
    c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
    c.setReadOnly(true);
  }

  /** Makes {@code c}'s new transaction read {@code id}; false (and a fresh transaction) if it is gone. */
  private static boolean importSnapshot(Connection c, String id) throws SQLException {
    if (!SNAPSHOT_ID.matcher(id).matches()) {
      return false;
    }
    try (Statement s = c.createStatement()) {
      // The id matched the pattern above (and came in a token this region signed): no quoting issue.
      s.execute("set transaction snapshot '" + id + "'");
      return true;
    } catch (SQLException gone) {
      c.rollback();
      return false;
    }
  }

  /** The exported snapshot this reader reads, which a resumption may import while it is held. */
  String snapshotId() {
    return snapshotId;
  }

  /** True if this reader continues on the snapshot a resumption asked for. */
  boolean sameSnapshot() {
    return sameSnapshot;
  }

  Instant snapshotTime() {
    return snapshotTime;
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
        cancelSent = true;
        try {
          pg.cancelQuery();
        } catch (SQLException ignored) {
          // The query ended on its own; closing follows anyway.
        }
      }
    }
  }

  /** Ends both transactions and returns the connections: COPY and snapshot are released at once. */
  @Override
  public void close() {
    if (closeReader()) {
      SnapshotHolds.end(holder);
    }
  }

  /**
   * Closes the reader at once but hands the snapshot's holder to {@code holds}, for a resumption
   * within the grace period (the connection broke; the client may come back).
   */
  void park(SnapshotHolds holds) {
    if (closeReader()) {
      holds.park(snapshotId, holder);
    }
  }

  /** Ends the reader's transaction and returns its connection; false if that was done before. */
  private boolean closeReader() {
    boolean cancelled;
    synchronized (cancelLock) {
      if (closed) {
        return false;
      }
      // Set first, so no cancel request is sent on this connection from now on.
      closed = true;
      cancelled = cancelSent;
    }
    if (copy != null || cancelled) {
      // Mid-COPY (cancelled, broken, or failed while reading), or sent a cancel request that may
      // still be on its way: such a connection must not go back to the pool, where a late cancel
      // could hit someone else's query. The COPY is cancelled and the connection itself closed,
      // so PostgreSQL ends the transaction at once; the pool then discards it.
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
    SnapshotHolds.end(connection);
    return true;
  }
}
