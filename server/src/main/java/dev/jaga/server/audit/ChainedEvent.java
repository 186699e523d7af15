package dev.jaga.server.audit;

import dev.jaga.server.db.jooq.tables.records.AuditEventsRecord;
import java.util.Optional;

/**
 * An event as the chain holds it: its position, its content, and the hashes that link it to the
 * event before it.
 *
 * @param salt the secret of the commitment; null for v1 events and for stripped ones
 * @param commitment what the chain covers in place of actor and peer; null for v1 events
 */
public record ChainedEvent(
    long sequence, AuditEvent event, byte[] prevHash, byte[] hash, byte[] salt, byte[] commitment) {

  /** Whether actor and peer were erased (a v2 event whose salt is gone). */
  public boolean stripped() {
    return commitment != null && salt == null;
  }

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
    return new ChainedEvent(
        r.getSequence(), event, r.getPrevHash(), r.getHash(), r.getSalt(), r.getCommitment());
  }
}
