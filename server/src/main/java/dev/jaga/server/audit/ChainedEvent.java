package dev.jaga.server.audit;

import dev.jaga.server.db.jooq.tables.records.AuditEventsRecord;
import java.util.Optional;

/**
 * An event as the chain holds it: its position, its content, and the hashes that link it to the
 * event before it.
 */
public record ChainedEvent(long sequence, AuditEvent event, byte[] prevHash, byte[] hash) {

  /**
   * Reads a row; throws {@link IllegalArgumentException} if its content is not a valid event (only
   * possible if someone wrote the table around its constraints).
   */
  static ChainedEvent of(AuditEventsRecord r) {
    AuditEvent event =
        new AuditEvent(
            r.getEventTime().toInstant(),
            r.getRegion(),
            r.getActor(),
            Optional.ofNullable(r.getTenantId()),
            r.getMethod(),
            r.getScope(),
            AuditEvent.Decision.valueOf(r.getDecision()),
            r.getStatus(),
            r.getReason(),
            AuditEvent.Routing.valueOf(r.getRouting()),
            r.getPeer(),
            r.getRequestId(),
            r.getTraceId());
    return new ChainedEvent(r.getSequence(), event, r.getPrevHash(), r.getHash());
  }
}
