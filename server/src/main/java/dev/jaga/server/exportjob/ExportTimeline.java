package dev.jaga.server.exportjob;

import dev.jaga.config.Region;
import dev.jaga.server.app.ThisRegion;
import dev.jaga.server.audit.AuditEvent;
import dev.jaga.server.audit.AuditLog;
import dev.jaga.server.audit.CallRecord;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.inject.Inject;
import javax.inject.Singleton;

/**
 * An export's timeline in the region's audit chain (design §6): requested, approved, rejected,
 * started, completed, failed, cancelled, key revealed, downloaded, expired. Each is an event of its
 * own beside the call that caused it (if any), with method {@code export.<what>} and the export's id
 * in its scope, written before the caller goes on: a transition that cannot be recorded fails the
 * call that made it.
 */
@Singleton
final class ExportTimeline {
  private final AuditLog log;
  private final Clock clock;
  private final String region;

  @Inject
  ExportTimeline(AuditLog log, Clock clock, @ThisRegion Region region) {
    this.log = log;
    this.clock = clock;
    this.region = region.id();
  }

  /** Records {@code what} happened to the export, by the current call's principal or by {@code actor}. */
  void record(StoredExport export, String what, String actor, String detail) {
    Optional<CallRecord> call = CallRecord.current();
    String scope = "export=" + export.exportId() + (detail.isEmpty() ? "" : " " + detail);
    AuditEvent event = new AuditEvent(
        clock.instant(),
        region,
        actor,
        Optional.of(export.tenantId()),
        "export." + what,
        scope,
        AuditEvent.Decision.ALLOWED,
        "OK",
        "",
        AuditEvent.Routing.LOCAL,
        call.map(CallRecord::peer).orElse(""),
        export.requestId(),
        call.map(CallRecord::traceId).orElse(""));
    try {
      log.append(event).get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while recording export." + what, e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("the audit log did not record export." + what + " in time", e);
    }
  }
}
