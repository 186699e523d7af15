package dev.jaga.server.audit;

import static dev.jaga.server.db.jooq.Tables.AUDIT_EVENTS;
import static dev.jaga.server.db.jooq.Tables.AUDIT_HEADS;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.Record2;
import org.jooq.impl.DSL;

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

  /** Keeps a batch's insert under PostgreSQL's 32,767 bind parameters (18 per event). */
  static final int MAX_BATCH = 1_800;

  private static final SecureRandom SALTS = new SecureRandom();

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
    return dsl.transactionResult(c -> append(c.dsl(), events));
  }

  private long append(DSLContext tx, List<AuditEvent> events) {
    tx.fetch(
        "select set_config('jaga.audit_scope', 'chain', true), pg_advisory_xact_lock(?)",
        CHAIN_LOCK);
    // The tip is the last signed head: every write ends with one, in the same transaction. Read
    // there rather than from the events, whose row-level security filter can lead the planner to
    // scan the whole table for the last row. A statement of its own, after the lock, so that in
    // READ COMMITTED it sees what the previous holder of the lock committed.
    Record2<Long, byte[]> tip =
        tx.select(AUDIT_HEADS.SEQUENCE, AUDIT_HEADS.HASH)
            .from(AUDIT_HEADS)
            .orderBy(AUDIT_HEADS.SEQUENCE.desc())
            // Inlined: as a bind parameter, a cached generic plan could not count on "1".
            .limit(DSL.inline(1))
            .fetchOne();
    long sequence = tip == null ? 0 : tip.value1();
    byte[] prev = tip == null ? AuditEvent.GENESIS : tip.value2();
    var insert =
        tx.insertInto(
            AUDIT_EVENTS,
            AUDIT_EVENTS.SEQUENCE,
            AUDIT_EVENTS.EVENT_TIME,
            AUDIT_EVENTS.REGION,
            AUDIT_EVENTS.ACTOR,
            AUDIT_EVENTS.TENANT_ID,
            AUDIT_EVENTS.METHOD,
            AUDIT_EVENTS.SCOPE,
            AUDIT_EVENTS.DECISION,
            AUDIT_EVENTS.STATUS,
            AUDIT_EVENTS.REASON,
            AUDIT_EVENTS.ROUTING,
            AUDIT_EVENTS.PEER,
            AUDIT_EVENTS.REQUEST_ID,
            AUDIT_EVENTS.TRACE_ID,
            AUDIT_EVENTS.PREV_HASH,
            AUDIT_EVENTS.HASH,
            AUDIT_EVENTS.SALT,
            AUDIT_EVENTS.COMMITMENT);
    for (AuditEvent e : events) {
      sequence++;
      byte[] salt = new byte[AuditEvent.SALT_BYTES];
      SALTS.nextBytes(salt);
      byte[] commitment = e.commitment(salt);
      byte[] hash = e.hash(sequence, prev, commitment);
      insert =
          insert.values(
              sequence,
              utc(e.time()),
              e.region(),
              e.actor(),
              e.tenantId().orElse(null),
              e.method(),
              e.scope(),
              e.decision().name(),
              e.status(),
              e.reason(),
              e.routing().name(),
              e.peer(),
              e.requestId(),
              e.traceId(),
              prev,
              hash,
              salt,
              commitment);
      prev = hash;
    }
    insert.execute();
    Instant signedAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
    tx.insertInto(AUDIT_HEADS)
        .set(AUDIT_HEADS.SEQUENCE, sequence)
        .set(AUDIT_HEADS.HASH, prev)
        .set(
            AUDIT_HEADS.SIGNATURE,
            key.sign(SignedHead.message(region, sequence, prev, signedAt, key.keyId())))
        .set(AUDIT_HEADS.KEY_ID, key.keyId())
        .set(AUDIT_HEADS.SIGNED_AT, utc(signedAt))
        .execute();
    return sequence;
  }

  private static OffsetDateTime utc(Instant t) {
    return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
  }
}
