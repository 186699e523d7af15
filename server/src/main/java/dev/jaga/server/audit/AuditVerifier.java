package dev.jaga.server.audit;

import static dev.jaga.server.db.jooq.Tables.AUDIT_EVENTS;
import static dev.jaga.server.db.jooq.Tables.AUDIT_HEADS;

import dev.jaga.config.Region;
import dev.jaga.server.app.ThisRegion;
import dev.jaga.server.db.jooq.tables.records.AuditEventsRecord;
import dev.jaga.server.db.jooq.tables.records.AuditHeadsRecord;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import javax.inject.Inject;
import javax.inject.Singleton;
import org.jooq.Cursor;
import org.jooq.DSLContext;

/**
 * Re-checks a range of the region's audit chain against its content and its signed heads, and
 * says where the first inconsistency is. Rows are streamed by cursor, so memory stays flat
 * whatever the chain's length.
 */
@Singleton
public final class AuditVerifier {
  private static final Logger log = LoggerFactory.getLogger(AuditVerifier.class);

  /** Rows fetched per round trip. */
  private static final int FETCH_SIZE = 1_000;

  /**
   * The outcome of a check.
   *
   * @param firstBadSequence the first event found inconsistent, or 0 when intact
   * @param problem what is wrong there, in words; empty when intact
   * @param signedHeadSequence the latest signed head verified by the check, or 0
   */
  public record Verification(
      boolean intact,
      long eventsChecked,
      long firstBadSequence,
      String problem,
      long signedHeadSequence) {}

  private final DSLContext dsl;
  private final AuditKey key;
  private final String region;

  @Inject
  public AuditVerifier(DSLContext dsl, AuditKey key, @ThisRegion Region region) {
    this(dsl, key, region.id());
  }

  AuditVerifier(DSLContext dsl, AuditKey key, String region) {
    this.dsl = dsl;
    this.key = key;
    this.region = region;
  }

  /**
   * Checks the events from {@code fromSequence} to {@code toSequence} (0: from the start, to the
   * latest). Events past {@code toSequence} are read up to the signed head that covers the range,
   * since only a signature proves the range was not rewritten.
   */
  public Verification verify(long fromSequence, long toSequence) {
    if (fromSequence < 0 || toSequence < 0 || (toSequence != 0 && fromSequence > toSequence)) {
      throw new IllegalArgumentException(
          "not a range of sequences: " + fromSequence + " to " + toSequence);
    }
    long from = Math.max(1, fromSequence);
    return dsl.transactionResult(c -> check(c.dsl(), from, toSequence));
  }

  private Verification check(DSLContext tx, long from, long to) {
    // The chain is read in primary-key order. Row-level security's filter makes the planner
    // expect few rows and prefer sorting the table over walking the index; with a long chain that
    // sort spills to disk, so it is ruled out for this transaction.
    tx.fetch(
        "select set_config('jaga.audit_scope', 'chain', true), set_config('enable_sort', 'off', true)");
    byte[] anchor = AuditEvent.GENESIS;
    if (from > 1) {
      Optional<byte[]> before =
          tx.select(AUDIT_EVENTS.HASH)
              .from(AUDIT_EVENTS)
              .where(AUDIT_EVENTS.SEQUENCE.eq(from - 1))
              .fetchOptional(AUDIT_EVENTS.HASH);
      if (before.isEmpty()) {
        boolean beyondTheEnd =
            !tx.fetchExists(AUDIT_EVENTS, AUDIT_EVENTS.SEQUENCE.ge(from - 1))
                && !tx.fetchExists(AUDIT_HEADS, AUDIT_HEADS.SEQUENCE.ge(from - 1));
        return beyondTheEnd
            ? new Verification(true, 0, 0, "", 0)
            : new Verification(false, 0, from - 1, "sequence " + (from - 1) + " is missing", 0);
      }
      anchor = before.get();
    }
    // Stripped events are valid only for purged tenants: an owner who erases a live tenant's actor
    // and peer by hand is caught here, even though the commitment still chains.
    tx.fetch("select set_config('jaga.job_scope', 'region', true)");
    Set<String> purged =
        Set.copyOf(
            tx.fetch("select tenant_id from jaga.tenants where status = 'PURGED'")
                .getValues(0, String.class));
    ChainCheck check = new ChainCheck(key, region, purged, from, anchor);
    try (Cursor<AuditEventsRecord> events =
            tx.selectFrom(AUDIT_EVENTS)
                .where(AUDIT_EVENTS.SEQUENCE.ge(from))
                .orderBy(AUDIT_EVENTS.SEQUENCE)
                .fetchSize(FETCH_SIZE)
                .fetchLazy();
        Cursor<AuditHeadsRecord> heads =
            tx.selectFrom(AUDIT_HEADS)
                .where(AUDIT_HEADS.SEQUENCE.ge(from))
                .orderBy(AUDIT_HEADS.SEQUENCE)
                .fetchSize(FETCH_SIZE)
                .fetchLazy()) {
      SignedHead head = next(heads);
      while (!check.failed() && events.hasNext()) {
        AuditEventsRecord row = events.fetchNext();
        long sequence = row.getSequence();
        if (to != 0 && sequence > to && check.covered()) {
          return check.result();
        }
        if (head != null && head.sequence() < sequence) {
          check.orphanHead(head);
          break;
        }
        Optional<SignedHead> signed = Optional.empty();
        if (head != null && head.sequence() == sequence) {
          signed = Optional.of(head);
          head = next(heads);
        }
        ChainedEvent event;
        try {
          event = ChainedEvent.of(row);
        } catch (IllegalArgumentException | NullPointerException e) {
          // The detail (a Java message) stays in the log; the caller learns what, not how.
          log.warn("audit event {} cannot be read", sequence, e);
          check.unreadable(sequence, "a field holds a value no event can have");
          break;
        }
        check.event(event, signed);
      }
      // A head past the last event names events that are gone (the tail was deleted).
      if (head != null && (to == 0 || head.sequence() <= to || !check.covered())) {
        check.orphanHead(head);
      }
      return check.result();
    }
  }

  private static SignedHead next(Cursor<AuditHeadsRecord> heads) {
    return heads.hasNext() ? SignedHead.of(heads.fetchNext()) : null;
  }
}
