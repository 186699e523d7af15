package dev.jaga.server.audit;

import dev.jaga.config.Region;
import dev.jaga.server.app.ThisRegion;
import io.grpc.Status;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import javax.inject.Inject;
import javax.inject.Singleton;

/** Records the interceptors' calls in the region's hash-chained {@link AuditLog}. */
@Singleton
final class AuditLogSink implements AuditSink {
  private final AuditLog log;
  private final Clock clock;
  private final String region;

  @Inject
  AuditLogSink(AuditLog log, Clock clock, @ThisRegion Region region) {
    this.log = log;
    this.clock = clock;
    this.region = region.id();
  }

  @Override
  public CompletableFuture<Long> record(CallRecord call, Status.Code status, String reason) {
    return log.append(event(call, status, reason));
  }

  @Override
  public CompletableFuture<Long> recordBehind(CallRecord call, Status.Code status, String reason) {
    return log.appendBehind(event(call, status, reason));
  }

  private AuditEvent event(CallRecord call, Status.Code status, String reason) {
    return new AuditEvent(
            clock.instant(),
            region,
            call.actor(),
            call.tenantId(),
            call.method(),
            call.scope(),
            call.allowed() ? AuditEvent.Decision.ALLOWED : AuditEvent.Decision.DENIED,
            status.name(),
            reason,
            call.routing(),
            call.peer(),
            call.requestId().orElse(""),
            call.traceId());
  }
}
