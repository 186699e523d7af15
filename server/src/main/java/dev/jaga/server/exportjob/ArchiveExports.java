package dev.jaga.server.exportjob;

import static dev.jaga.server.db.jooq.Tables.EXPORTS;

import dev.jaga.api.v1.CreateExportRequest;
import dev.jaga.api.v1.ErrorReason;
import dev.jaga.api.v1.ExportState;
import dev.jaga.config.RegionConfig;
import dev.jaga.server.archive.RecipientKeys;
import dev.jaga.server.audit.CallRecord;
import dev.jaga.server.auth.Principal;
import dev.jaga.server.export.ExportScope;
import dev.jaga.server.grpc.JagaException;
import dev.jaga.server.grpc.Violations;
import dev.jaga.server.tenant.HostedTenant;
import dev.jaga.server.tenant.Tenants;
import io.grpc.Status;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.inject.Inject;
import javax.inject.Singleton;

/**
 * The archive export workflow up to the job: a request (validated, idempotent, confirmed, within
 * quota), the policy's decision between PENDING_APPROVAL and QUEUED, a second person's approval or
 * rejection, and cancellation. Every transition is on the export's audit timeline.
 */
@Singleton
final class ArchiveExports {
  static final Pattern REQUEST_ID = Pattern.compile("^[A-Za-z0-9._:-]{1,128}$");
  static final Pattern EXPORT_ID = Pattern.compile("^[0-9a-f]{32}$");
  private static final List<ExportState> UNFINISHED = List.of(
      ExportState.EXPORT_STATE_PENDING_APPROVAL, ExportState.EXPORT_STATE_QUEUED, ExportState.EXPORT_STATE_RUNNING);

  private final RegionConfig config;
  private final Tenants tenants;
  private final ExportRepository repository;
  private final ApprovalPolicy policy;
  private final ExportTimeline timeline;
  private final ExportWorker worker;
  private final ArchiveStore store;
  private final Clock clock;

  @Inject
  ArchiveExports(RegionConfig config, Tenants tenants, ExportRepository repository, ApprovalPolicy policy,
      ExportTimeline timeline, ExportWorker worker, ArchiveStore store, Clock clock) {
    this.config = config;
    this.tenants = tenants;
    this.repository = repository;
    this.policy = policy;
    this.timeline = timeline;
    this.worker = worker;
    this.store = store;
    this.clock = clock;
  }

  StoredExport create(CreateExportRequest request, Principal principal) {
    String tenantId = request.getTenantId();
    Violations violations = new Violations();
    violations.matches("request_id", request.getRequestId(), REQUEST_ID,
        "a client-chosen id such as a UUID (1 to 128 letters, digits and . _ : -), the same on every retry");
    ExportScope scope = ExportScope.of(tenantId, request.getScope(), config.catalog(), violations);
    if (violations.isEmpty() && scope.entities().isEmpty()) {
      violations.add("scope", "selects no entity of the catalog; name entities that have the keys the scope needs");
    }
    if (request.getPurpose().length() > 1000) {
      violations.add("purpose", "too long (" + request.getPurpose().length() + " characters); give at most 1000");
    }
    if (!request.getRecipientPublicKey().isEmpty()) {
      // Parsed now, so a key that cannot encrypt is refused at once, not by a failed job.
      RecipientKeys.validate(request.getRecipientPublicKey(), violations);
    }
    violations.throwIfAny();
    HostedTenant tenant = tenants.live(tenantId);
    String requester = principal.actor();
    byte[] body = Secrets.sha256(request.toBuilder().clearRequestId().build().toByteArray());
    CallRecord.current().ifPresent(r -> r.scope(ScopeSummary.of(scope)));

    Optional<StoredExport> earlier = repository.findByRequest(tenantId, requester, request.getRequestId());
    if (earlier.isPresent()) {
      return sameRequest(earlier.get(), body);
    }
    if (scope.wholeTenant() && !request.getConfirmDisplayName().equals(tenant.displayName())) {
      throw new JagaException(Status.Code.INVALID_ARGUMENT, ErrorReason.CONFIRMATION_MISMATCH,
          "a tenant-wide export must be confirmed: type the tenant's display name exactly in confirm_display_name",
          Map.of("tenant_id", tenantId),
          List.of(JagaException.violation("confirm_display_name", "does not match the tenant's display name")));
    }
    List<String> reasons = policy.reasons(scope, principal.rolesOn(tenantId));
    ExportState state = reasons.isEmpty() ? ExportState.EXPORT_STATE_QUEUED : ExportState.EXPORT_STATE_PENDING_APPROVAL;
    ExportRepository.NewExport n = new ExportRepository.NewExport(
        Secrets.newId(), tenantId, requester, request.getRequestId(), body, request.getScope().toByteArray(),
        ScopeSummary.of(scope), request.getFormats().getCsv(), request.getFormats().getAttachments(),
        Optional.of(request.getRecipientPublicKey()).filter(k -> !k.isEmpty()), request.getPurpose(), state, reasons);
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    ExportRepository.Created created = repository.create(n, config.exports().quotas(), now);
    if (!created.fresh()) {
      return sameRequest(created.export(), body);
    }
    StoredExport export = created.export();
    timeline.record(export, "requested", requester, "state=" + StoredExport.stateText(state)
        + (reasons.isEmpty() ? "" : " approval_reasons=" + String.join("; ", reasons)));
    if (state == ExportState.EXPORT_STATE_QUEUED) {
      worker.poke();
    }
    return export;
  }

  /** A retry gets its export back; the same request id with another body is a client bug. */
  private static StoredExport sameRequest(StoredExport earlier, byte[] body) {
    if (!MessageDigest.isEqual(earlier.requestSha256(), body)) {
      throw JagaException.invalidField("request_id", "was already used for a different export request;"
          + " use a new request_id for a new request, or resend the original request unchanged");
    }
    return earlier;
  }

  StoredExport get(String tenantId, String exportId) {
    CallRecord.current().ifPresent(r -> r.scope("export=" + exportId));
    return repository.find(tenantId, checkId(exportId)).orElseThrow(() -> notFound(exportId));
  }

  StoredExport approve(String tenantId, String exportId, String comment, Principal approver) {
    StoredExport export = get(tenantId, exportId);
    if (export.requestedBy().equals(approver.actor())) {
      throw JagaException.of(Status.Code.PERMISSION_DENIED, ErrorReason.PERMISSION_DENIED,
          "you requested this export, so you cannot approve it: another person holding export:approve on "
              + tenantId + " must");
    }
    StoredExport approved = repository.transition(tenantId, exportId, List.of(ExportState.EXPORT_STATE_PENDING_APPROVAL),
            ExportState.EXPORT_STATE_QUEUED, Map.of(EXPORTS.APPROVED_BY, approver.actor()), clock.instant())
        .orElseThrow(() -> invalidState(export, "approved", "only an export waiting for approval can be"));
    timeline.record(approved, "approved", approver.actor(), comment.isEmpty() ? "" : "comment=" + comment);
    worker.poke();
    return approved;
  }

  StoredExport reject(String tenantId, String exportId, String reason, Principal approver) {
    new Violations().text("reason", reason, 1000).throwIfAny();
    StoredExport export = get(tenantId, exportId);
    StoredExport rejected = repository.transition(tenantId, exportId, List.of(ExportState.EXPORT_STATE_PENDING_APPROVAL),
            ExportState.EXPORT_STATE_REJECTED, Map.of(EXPORTS.REJECTION_REASON, reason), clock.instant())
        .orElseThrow(() -> invalidState(export, "rejected", "only an export waiting for approval can be"));
    timeline.record(rejected, "rejected", approver.actor(), "");
    return rejected;
  }

  /** By its requester, or by someone who could approve it; a running job stops and its output goes. */
  StoredExport cancel(String tenantId, String exportId, Principal principal, boolean mayApprove) {
    StoredExport export = get(tenantId, exportId);
    if (!export.requestedBy().equals(principal.actor()) && !mayApprove) {
      throw JagaException.of(Status.Code.PERMISSION_DENIED, ErrorReason.PERMISSION_DENIED,
          "only the requester, or a person holding export:approve on " + tenantId + ", may cancel this export");
    }
    StoredExport cancelled = repository.transition(tenantId, exportId, UNFINISHED, ExportState.EXPORT_STATE_CANCELLED,
            Map.of(), clock.instant())
        .orElseThrow(() -> invalidState(export, "cancelled", "only an unfinished export can be"));
    worker.cancelled(exportId);
    if (export.state() == ExportState.EXPORT_STATE_RUNNING) {
      store.discardPartials(exportId);
    }
    timeline.record(cancelled, "cancelled", principal.actor(), "was=" + StoredExport.stateText(export.state()));
    return cancelled;
  }

  List<StoredExport> list(String tenantId, Optional<ExportState> state, Optional<PageToken> after, int limit) {
    return repository.page(tenantId, state, after, limit);
  }

  static String checkId(String exportId) {
    new Violations().matches("export_id", exportId, EXPORT_ID, "an export id: 32 lower-case hex digits").throwIfAny();
    return exportId;
  }

  static JagaException notFound(String exportId) {
    return JagaException.notFound("export " + exportId);
  }

  private static JagaException invalidState(StoredExport export, String verb, String rule) {
    return JagaException.of(Status.Code.FAILED_PRECONDITION, ErrorReason.INVALID_STATE,
        "export " + export.exportId() + " is " + StoredExport.stateText(export.state()) + "; " + rule + " " + verb);
  }
}
