package dev.jaga.server.audit;

import static dev.jaga.server.db.jooq.Tables.AUDIT_EVENTS;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Someone with direct access to the region's database (the schema owner), rewriting the audit
 * tables as the verifier must catch: with nothing but SQL and PostgreSQL's built-in sha256().
 */
final class Tamperer {
  /**
   * The canonical encoding of AuditEvent (v1, or v2 with the commitment in place of actor and
   * peer), redone in SQL, applied to the whole chain.
   */
  private static final String RECOMPUTE_CHAIN =
      """
      create function pg_temp.field(b bytea) returns bytea language sql immutable
        as $$ select int4send(length(b)) || b $$;
      create function pg_temp.txt(t text) returns bytea language sql immutable
        as $$ select pg_temp.field(convert_to(t, 'UTF8')) $$;
      do $$
      declare
        r record;
        prev bytea := decode(repeat('00', 32), 'hex');
        body bytea;
      begin
        for r in select * from jaga.audit_events order by sequence loop
          body := pg_temp.txt(case when r.commitment is null then 'jaga.audit.event.v1'
                                   else 'jaga.audit.event.v2' end)
            || int8send(r.sequence)
            || pg_temp.field(prev)
            || int8send((extract(epoch from r.event_time) * 1000000)::bigint)
            || pg_temp.txt(r.region)
            || case when r.commitment is null then pg_temp.txt(r.actor)
                    else pg_temp.field(r.commitment) end
            || case when r.tenant_id is null then '\\x00'::bytea
                    else '\\x01'::bytea || pg_temp.txt(r.tenant_id) end
            || pg_temp.txt(r.method)
            || pg_temp.txt(r.scope)
            || pg_temp.txt(r.decision)
            || pg_temp.txt(r.status)
            || pg_temp.txt(r.reason)
            || pg_temp.txt(r.routing)
            || case when r.commitment is null then pg_temp.txt(r.peer) else ''::bytea end
            || pg_temp.txt(r.request_id)
            || pg_temp.txt(r.trace_id);
          update jaga.audit_events set prev_hash = prev, hash = sha256(prev || body)
            where sequence = r.sequence;
          prev := sha256(prev || body);
        end loop;
      end
      $$;
      """;

  private final AuditDatabase database;

  Tamperer(AuditDatabase database) {
    this.database = database;
  }

  /** Runs statements as the owner, in one session. */
  void sql(String sql) throws SQLException {
    try (Connection c = database.connect("postgres")) {
      c.createStatement().execute(sql);
    }
  }

  /** Recomputes every event's prev_hash and hash from the rows' content, as the writer would. */
  /**
   * Writes {@code event} at {@code sequence} after {@code prevHash} as an event of before salted
   * commitments (encoding v1: actor and peer hashed in plain), with its correctly computed link.
   */
  void insertV1(long sequence, AuditEvent event, byte[] prevHash) {
    database.owner()
        .insertInto(AUDIT_EVENTS)
        .set(AUDIT_EVENTS.SEQUENCE, sequence)
        .set(AUDIT_EVENTS.EVENT_TIME, OffsetDateTime.ofInstant(event.time(), ZoneOffset.UTC))
        .set(AUDIT_EVENTS.REGION, event.region())
        .set(AUDIT_EVENTS.ACTOR, event.actor())
        .set(AUDIT_EVENTS.TENANT_ID, event.tenantId().orElse(null))
        .set(AUDIT_EVENTS.METHOD, event.method())
        .set(AUDIT_EVENTS.SCOPE, event.scope())
        .set(AUDIT_EVENTS.DECISION, event.decision().name())
        .set(AUDIT_EVENTS.STATUS, event.status())
        .set(AUDIT_EVENTS.REASON, event.reason())
        .set(AUDIT_EVENTS.ROUTING, event.routing().name())
        .set(AUDIT_EVENTS.PEER, event.peer())
        .set(AUDIT_EVENTS.REQUEST_ID, event.requestId())
        .set(AUDIT_EVENTS.TRACE_ID, event.traceId())
        .set(AUDIT_EVENTS.PREV_HASH, prevHash)
        .set(AUDIT_EVENTS.HASH, event.hash(sequence, prevHash))
        .execute();
  }

  void recomputeChain() throws SQLException {
    sql(RECOMPUTE_CHAIN);
  }

  /** Swaps everything but the sequence of two events. */
  void swap(long a, long b) throws SQLException {
    sql(
        """
        update jaga.audit_events x set
          event_time = y.event_time, region = y.region, actor = y.actor, tenant_id = y.tenant_id,
          method = y.method, scope = y.scope, decision = y.decision, status = y.status,
          reason = y.reason, routing = y.routing, peer = y.peer, request_id = y.request_id,
          trace_id = y.trace_id, prev_hash = y.prev_hash, hash = y.hash, salt = y.salt,
          commitment = y.commitment
        from jaga.audit_events y
        where (x.sequence, y.sequence) in ((%d, %d), (%d, %d))
        """
            .formatted(a, b, b, a));
  }

  /**
   * Strips an event as {@code jaga.strip_purged_tenant_audit} would, without asking whether its
   * tenant was purged.
   */
  void stripByHand(long sequence) throws SQLException {
    sql("update jaga.audit_events set actor = '(erased)', peer = '(erased)', salt = null"
        + " where sequence = " + sequence);
  }

  /** Moves the events after {@code sequence} one place on, leaving room for a new one. */
  void makeRoomAfter(long sequence) throws SQLException {
    sql(
        ("update jaga.audit_events set sequence = sequence + 1000000 where sequence > %d;"
                + " update jaga.audit_events set sequence = sequence - 999999 where sequence > 1000000")
            .formatted(sequence));
  }
}
