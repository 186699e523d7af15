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
 * <p>If someone deletes the last heads, the next write collides with existing sequences and fails,
 * so audit stops (and with it every call) until the tables are restored: loud rather than wrong.
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

  ChainWriter(DSLContext dsl, Clock clock, AuditKey key, String region) {
    this.dsl = dsl;
    this.clock = clock;
    this.key = key;
    this.region = region;
  }

  /** Writes {@code events} in order and returns the sequence of the last, once committed. */
  long append(List<AuditEvent> events) {
    if (events.isEmpty() || events.size() > MAX_BATCH) {
      throw new IllegalArgumentException("a batch holds 1 to " + MAX_BATCH + " events");
    }
    // Plain JDBC, three round trips (lock and tip, rows and head, commit), statements the driver
    // prepares once per connection: callers wait for this cycle, so it bounds the chain's rate.
    return dsl.connectionResult(connection -> inTransaction(connection, events));
  }

  private long inTransaction(Connection connection, List<AuditEvent> events) throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    try {
      long last = append(connection, events);
      connection.commit();
      return last;
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(autoCommit);
    }
  }

  private long append(Connection connection, List<AuditEvent> events) throws SQLException {
    // The tip is the last signed head: every write ends with one, in the same transaction. Read
    // there rather than from the events, whose row-level security filter can lead the planner to
    // scan the whole table for the last row. A statement of its own, after the lock's, so that in
    // READ COMMITTED it sees what the previous holder of the lock committed: both are sent in one
    // round trip, but PostgreSQL runs them one after the other and takes the second's snapshot
    // only once the first holds the lock.
    long sequence = 0;
    byte[] prev = AuditEvent.GENESIS;
    try (PreparedStatement lockThenTip = connection.prepareStatement(LOCK + "; " + TIP)) {
      lockThenTip.setLong(1, CHAIN_LOCK);
      lockThenTip.execute();
      if (!lockThenTip.getMoreResults()) {
        throw new SQLException("the chain's tip was not read after its lock");
      }
      try (ResultSet row = lockThenTip.getResultSet()) {
        if (row.next()) {
          sequence = row.getLong(1);
          prev = row.getBytes(2);
        }
      }
    }
    // Every event and the signed head in one round trip: one insert of all the rows, then the head.
    try (PreparedStatement insert = connection.prepareStatement(insertSql(events.size()))) {
      int i = 0;
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
      insert.execute();
      int inserted = insert.getUpdateCount();
      int heads = insert.getMoreResults() ? -1 : insert.getUpdateCount();
      if (inserted != events.size() || heads != 1) {
        throw new SQLException("the chain's write inserted " + inserted + " events and " + heads + " heads");
      }
    }
    return sequence;
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
