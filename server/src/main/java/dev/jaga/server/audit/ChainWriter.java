package dev.jaga.server.audit;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.jooq.DSLContext;

/**
 * Appends one batch of events to the region's chain in one transaction: lock the chain, read its
 * tip, insert the linked events and a signed head at the last of them, commit.
 *
 * <p>Once it has written, the writer knows the tip it left, and its next batch is one round trip:
 * the lock and the inserts after that tip, committed together. If another node of the region wrote
 * in between, the first sequence is taken, the batch's transaction fails on the primary key and
 * rolls back whole, and the batch is written again the long way, after reading the tip under the
 * lock.
 *
 * <p>If someone deletes the last heads, a write that reads the tip from the tables collides with
 * the events still there and fails, so audit stops (and with it every call) until the tables are
 * restored. A write that goes on from the tip this writer left links to those events, and its
 * signed head covers them again; if the last events were deleted too, it leaves a gap, which the
 * verifier reports. Loud rather than wrong, either way.
 */
final class ChainWriter {
  /**
   * The advisory lock that serialises writers of the chain across all nodes of a region ("jaga.aud"
   * in ASCII): a sequence number must follow the tip that the previous writer committed.
   */
  static final long CHAIN_LOCK = 0x6a6167612e617564L;

  /** Keeps a batch's insert under PostgreSQL's 32,767 bind parameters (18 per event, 5 for the head). */
  static final int MAX_BATCH = 1_800;

  private static final SecureRandom SALTS = new SecureRandom();

  private static final String LOCK =
      "select set_config('jaga.audit_scope', 'chain', true), pg_advisory_xact_lock(?)";
  /** Inserting needs neither the chain's read scope nor the tip: only the lock, ahead of the rows. */
  private static final String LOCK_ONLY = "select pg_advisory_xact_lock(?)";
  private static final String UNIQUE_VIOLATION = "23505";
  // LIMIT inlined: as a bind parameter, a cached generic plan could not count on "1".
  private static final String TIP =
      "select sequence, hash from jaga.audit_heads order by sequence desc limit 1";
  private static final String INSERT_EVENTS =
      "insert into jaga.audit_events (sequence, event_time, region, actor, tenant_id, method, scope,"
          + " decision, status, reason, routing, peer, request_id, trace_id, prev_hash, hash, salt,"
          + " commitment) values ";
  private static final String EVENT_ROW = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String INSERT_HEAD =
      "insert into jaga.audit_heads (sequence, hash, signature, key_id, signed_at)"
          + " values (?, ?, ?, ?, ?)";

  private final DSLContext dsl;
  private final Clock clock;
  private final AuditKey key;
  private final String region;
  /** The tip this writer's last batch left; null until it has written, and after any failure. */
  private Tip tip;

  /** The chain's last sequence and hash. */
  private record Tip(long sequence, byte[] hash) {
    static final Tip GENESIS = new Tip(0, AuditEvent.GENESIS);
  }

  ChainWriter(DSLContext dsl, Clock clock, AuditKey key, String region) {
    this.dsl = dsl;
    this.clock = clock;
    this.key = key;
    this.region = region;
  }

  /**
   * Writes {@code events} in order and returns the sequence of the last, once committed. Called by
   * one thread at a time (the log's writer).
   */
  long append(List<AuditEvent> events) {
    if (events.isEmpty() || events.size() > MAX_BATCH) {
      throw new IllegalArgumentException("a batch holds 1 to " + MAX_BATCH + " events");
    }
    // Plain JDBC, statements the driver prepares once per connection: callers wait for this cycle,
    // so it bounds the chain's rate.
    Tip known = tip;
    tip = null;
    Tip written = dsl.connectionResult(connection -> {
      if (known != null && connection.getAutoCommit()) {
        try {
          return afterKnownTip(connection, known, events);
        } catch (SQLException e) {
          if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
            throw e;
          }
          // Another node of the region wrote since this one did: read the tip under the lock.
        }
      }
      return inTransaction(connection, events);
    });
    tip = written;
    return written.sequence();
  }

  /**
   * One round trip: the lock, then the rows and the head after {@code known}, in the one implicit
   * transaction that a multi-statement execution in autocommit is (committed at its end, rolled
   * back whole if any statement fails).
   */
  private Tip afterKnownTip(Connection connection, Tip known, List<AuditEvent> events) throws SQLException {
    try (PreparedStatement write = connection.prepareStatement(LOCK_ONLY + "; " + insertSql(events.size()))) {
      write.setLong(1, CHAIN_LOCK);
      Tip last = bind(write, 1, known, events);
      write.execute();
      if (write.getMoreResults() || !insertedAll(write, events)) {
        throw new SQLException("the chain's write did not run as one lock and two inserts");
      }
      return last;
    }
  }

  private Tip inTransaction(Connection connection, List<AuditEvent> events) throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    try {
      Tip last = append(connection, readTipUnderLock(connection), events);
      connection.commit();
      return last;
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(autoCommit);
    }
  }

  private Tip readTipUnderLock(Connection connection) throws SQLException {
    // The tip is the last signed head: every write ends with one, in the same transaction. Read
    // there rather than from the events, whose row-level security filter can lead the planner to
    // scan the whole table for the last row. A statement of its own, after the lock's, so that in
    // READ COMMITTED it sees what the previous holder of the lock committed: both are sent in one
    // round trip, but PostgreSQL runs them one after the other and takes the second's snapshot
    // only once the first holds the lock.
    try (PreparedStatement lockThenTip = connection.prepareStatement(LOCK + "; " + TIP)) {
      lockThenTip.setLong(1, CHAIN_LOCK);
      lockThenTip.execute();
      if (!lockThenTip.getMoreResults()) {
        throw new SQLException("the chain's tip was not read after its lock");
      }
      try (ResultSet row = lockThenTip.getResultSet()) {
        return row.next() ? new Tip(row.getLong(1), row.getBytes(2)) : Tip.GENESIS;
      }
    }
  }

  /** Every event and the signed head in one round trip: one insert of all the rows, then the head. */
  private Tip append(Connection connection, Tip after, List<AuditEvent> events) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(insertSql(events.size()))) {
      Tip last = bind(insert, 0, after, events);
      insert.execute();
      if (!insertedAll(insert, events)) {
        throw new SQLException("the chain's write did not insert its events and one head");
      }
      return last;
    }
  }

  /** Binds the rows after {@code after} and their signed head from parameter {@code bound} + 1 on. */
  private Tip bind(PreparedStatement insert, int bound, Tip after, List<AuditEvent> events) throws SQLException {
    int i = bound;
    long sequence = after.sequence();
    byte[] prev = after.hash();
    for (AuditEvent e : events) {
      sequence++;
      byte[] salt = new byte[AuditEvent.SALT_BYTES];
      SALTS.nextBytes(salt);
      byte[] commitment = e.commitment(salt);
      byte[] hash = e.hash(sequence, prev, commitment);
      insert.setLong(++i, sequence);
      insert.setObject(++i, utc(e.time()));
      insert.setString(++i, e.region());
      insert.setString(++i, e.actor());
      insert.setString(++i, e.tenantId().orElse(null));
      insert.setString(++i, e.method());
      insert.setString(++i, e.scope());
      insert.setString(++i, e.decision().name());
      insert.setString(++i, e.status());
      insert.setString(++i, e.reason());
      insert.setString(++i, e.routing().name());
      insert.setString(++i, e.peer());
      insert.setString(++i, e.requestId());
      insert.setString(++i, e.traceId());
      insert.setBytes(++i, prev);
      insert.setBytes(++i, hash);
      insert.setBytes(++i, salt);
      insert.setBytes(++i, commitment);
      prev = hash;
    }
    Instant signedAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
    insert.setLong(++i, sequence);
    insert.setBytes(++i, prev);
    insert.setBytes(++i, key.sign(SignedHead.message(region, sequence, prev, signedAt, key.keyId())));
    insert.setString(++i, key.keyId());
    insert.setObject(++i, utc(signedAt));
    return new Tip(sequence, prev);
  }

  /** Whether the current result is the events' insert, of all of them, followed by one head's. */
  private static boolean insertedAll(PreparedStatement insert, List<AuditEvent> events) throws SQLException {
    int inserted = insert.getUpdateCount();
    int heads = insert.getMoreResults() ? -1 : insert.getUpdateCount();
    return inserted == events.size() && heads == 1;
  }

  /** The insert of {@code rows} events, then the head's: one text per batch size, each prepared once. */
  private static String insertSql(int rows) {
    StringBuilder sql = new StringBuilder(INSERT_EVENTS.length() + rows * (EVENT_ROW.length() + 2) + 120);
    sql.append(INSERT_EVENTS);
    for (int r = 0; r < rows; r++) {
      sql.append(r == 0 ? "" : ", ").append(EVENT_ROW);
    }
    return sql.append("; ").append(INSERT_HEAD).toString();
  }

  private static OffsetDateTime utc(Instant t) {
    return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
  }
}
