package dev.jaga.server.requests;

import dev.jaga.config.Region;
import dev.jaga.config.RegionConfig;
import dev.jaga.server.app.ThisRegion;
import dev.jaga.server.audit.AuditEvent;
import dev.jaga.server.audit.AuditLog;
import dev.jaga.server.db.TenantScope;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import javax.inject.Inject;
import javax.inject.Singleton;
import org.jooq.DSLContext;
import org.jooq.Record;

/**
 * Escalates data subjects' requests still open {@code escalate_after_days} after they arrived
 * (erasure.yaml, 25 by default): each once, with an audit event {@code subject_request.escalated}
 * and the counter {@code jaga.subject_requests.escalated}, so the deadline is not missed unseen.
 */
@Singleton
public final class RequestClock {
  static final String EVENT = "subject_request.escalated";

  private final DSLContext dsl;
  private final TenantScope scope;
  private final AuditLog audit;
  private final Clock clock;
  private final Region region;
  private final Duration escalateAfter;
  private final LongCounter escalations;

  @Inject
  public RequestClock(DSLContext dsl, TenantScope scope, AuditLog audit, Clock clock, @ThisRegion Region region,
      RegionConfig config, OpenTelemetry telemetry) {
    this.dsl = dsl;
    this.scope = scope;
    this.audit = audit;
    this.clock = clock;
    this.region = region;
    this.escalateAfter = Duration.ofDays(config.erasure().escalateAfterDays());
    this.escalations = telemetry.getMeter("dev.jaga.server").counterBuilder("jaga.subject_requests.escalated")
        .setDescription("Data subject requests still open when their escalation day came").build();
  }

  /** Escalates every request that is due for it now; returns how many were escalated. */
  public int sweep() {
    Instant now = clock.instant();
    var due = dsl.transactionResult(c -> {
      DSLContext tx = org.jooq.impl.DSL.using(c);
      tx.resultQuery("select set_config('jaga.job_scope', 'region', true)").fetch();
      return tx.fetch("select tenant_id, id, kind from jaga.subject_requests where completed_at is null"
          + " and escalated_at is null and received_at <= cast(? as timestamptz)",
          now.minus(escalateAfter).atOffset(ZoneOffset.UTC));
    });
    int escalated = 0;
    for (Record r : due) {
      if (escalate(r.get(0, String.class), r.get(1, UUID.class), r.get(2, String.class), now)) {
        escalated++;
      }
    }
    return escalated;
  }

  private boolean escalate(String tenantId, UUID id, String kind, Instant now) {
    boolean marked = scope.inTenant(tenantId, tx -> {
      int rows = tx.execute("update jaga.subject_requests set escalated_at = cast(? as timestamptz)"
          + " where tenant_id = ? and id = cast(? as uuid) and escalated_at is null and completed_at is null",
          now.atOffset(ZoneOffset.UTC), tenantId, id);
      if (rows == 1) {
        // Durable before the mark commits: an escalation that cannot be audited is retried next sweep.
        audit.append(new AuditEvent(now, region.id(), "jaga:request-clock", Optional.of(tenantId), EVENT,
            "request=" + id + " kind=" + kind + " open_days=" + escalateAfter.toDays(),
            AuditEvent.Decision.ALLOWED, "OK", "", AuditEvent.Routing.LOCAL, "", id.toString(), "")).join();
      }
      return rows == 1;
    });
    if (marked) {
      escalations.add(1, Attributes.of(AttributeKey.stringKey("kind"), kind));
    }
    return marked;
  }
}
