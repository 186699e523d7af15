package dev.jaga.server.export;

import dev.jaga.api.v1.ApproveExportRequest;
import dev.jaga.api.v1.CancelExportRequest;
import dev.jaga.api.v1.CreateExportRequest;
import dev.jaga.api.v1.DownloadChunk;
import dev.jaga.api.v1.DownloadExportRequest;
import dev.jaga.api.v1.Export;
import dev.jaga.api.v1.ExportChunk;
import dev.jaga.api.v1.GetExportKeyRequest;
import dev.jaga.api.v1.GetExportKeyResponse;
import dev.jaga.api.v1.GetExportRequest;
import dev.jaga.api.v1.ListExportsRequest;
import dev.jaga.api.v1.ListExportsResponse;
import dev.jaga.api.v1.RejectExportRequest;
import dev.jaga.api.v1.ExportServiceGrpc;
import dev.jaga.api.v1.StreamExportRequest;
import dev.jaga.config.RegionConfig;
import dev.jaga.server.audit.CallRecord;
import dev.jaga.server.db.RegionDatabase;
import dev.jaga.server.exportjob.ArchiveExportService;
import dev.jaga.server.grpc.Violations;
import dev.jaga.server.requests.SubjectRequests;
import dev.jaga.server.tenant.TenantIds;
import dev.jaga.server.tenant.Tenants;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import javax.inject.Inject;

/**
 * {@code jaga.v1.ExportService}. {@code StreamExport} is served here; the archive workflow (create,
 * approve, job, key, download) is handed to {@link ArchiveExportService}.
 */
final class ExportGrpcService extends ExportServiceGrpc.ExportServiceImplBase {
  static final int DEFAULT_CHUNK_BYTES = 256 * 1024;
  static final int MIN_CHUNK_BYTES = 16 * 1024;
  static final int MAX_CHUNK_BYTES = 1024 * 1024;

  private final RegionConfig config;
  private final Tenants tenants;
  private final TableShapes shapes;
  private final ExportAccess access;
  private final RegionDatabase database;
  private final SubjectRequests subjectRequests;
  private final ResumeKey resumeKey;
  private final SnapshotHolds holds;
  private final ArchiveExportService archives;

  @Inject
  ExportGrpcService(
      RegionConfig config, Tenants tenants, TableShapes shapes, ExportAccess access, RegionDatabase database,
      SubjectRequests subjectRequests, ResumeKey resumeKey, SnapshotHolds holds,
      ArchiveExportService archives) {
    this.config = config;
    this.tenants = tenants;
    this.shapes = shapes;
    this.access = access;
    this.database = database;
    this.subjectRequests = subjectRequests;
    this.resumeKey = resumeKey;
    this.holds = holds;
    this.archives = archives;
  }

  @Override
  public void createExport(CreateExportRequest request, StreamObserver<Export> response) {
    archives.createExport(request, response);
  }

  @Override
  public void getExport(GetExportRequest request, StreamObserver<Export> response) {
    archives.getExport(request, response);
  }

  @Override
  public void listExports(ListExportsRequest request, StreamObserver<ListExportsResponse> response) {
    archives.listExports(request, response);
  }

  @Override
  public void approveExport(ApproveExportRequest request, StreamObserver<Export> response) {
    archives.approveExport(request, response);
  }

  @Override
  public void rejectExport(RejectExportRequest request, StreamObserver<Export> response) {
    archives.rejectExport(request, response);
  }

  @Override
  public void cancelExport(CancelExportRequest request, StreamObserver<Export> response) {
    archives.cancelExport(request, response);
  }

  @Override
  public void getExportKey(GetExportKeyRequest request, StreamObserver<GetExportKeyResponse> response) {
    archives.getExportKey(request, response);
  }

  @Override
  public void downloadExport(DownloadExportRequest request, StreamObserver<DownloadChunk> response) {
    archives.downloadExport(request, response);
  }

  @Override
  public void streamExport(StreamExportRequest request, StreamObserver<ExportChunk> response) {
    String tenantId = TenantIds.require(request.getTenantId());
    Violations violations = new Violations();
    ExportScope scope = ExportScope.of(tenantId, request.getScope(), config.catalog(), violations);
    violations.throwIfAny();
    // A data plane serves only the tenants it hosts: elsewhere this is WRONG_REGION.
    var tenant = tenants.live(tenantId);
    // A subject's copy is an access request (Art. 15): on the request clock, answered as served.
    if (scope.subjectId().isPresent() && request.getResumeToken().isEmpty()) {
      subjectRequests.answered(tenantId, tenant.homeRegion(), SubjectRequests.Kind.ACCESS, scope.subjectId().get());
    }
    CallRecord.current().ifPresent(r -> r.scope(summary(scope, subjectRequests)));

    var policies = access.policies(tenantId);
    List<EntityQuery> plan =
        scope.entities().stream()
            .map(e -> Projection.of(e, scope, policies, shapes.of(e)))
            .toList();
    byte[] scopeDigest =
        StreamState.sha256(tenantId.getBytes(java.nio.charset.StandardCharsets.UTF_8), request.getScope().toByteArray());
    boolean resumed = !request.getResumeToken().isEmpty();
    StreamState state =
        resumed
            ? StreamState.resume(resumeKey, request.getResumeToken(), scopeDigest, plan.size())
            : StreamState.start(resumeKey, scopeDigest, plan.size());
    ExportReader reader;
    try {
      reader = new ExportReader(
          database.dataSource(), tenantId, plan, state.entityIndex, state.lastKey, state.snapshotId);
    } catch (SQLException e) {
      throw new IllegalStateException("could not open the export's snapshot", e);
    }
    if (reader.sameSnapshot()) {
      // The new holder imported it: the old one (if this node parked it) can go now.
      holds.release(state.snapshotId);
    } else {
      Instant taken = reader.snapshotTime();
      state.snapshotMicros = taken.getEpochSecond() * 1_000_000L + taken.getNano() / 1_000;
    }
    state.snapshotId = reader.snapshotId();
    new StreamExportCall(
            (ServerCallStreamObserver<ExportChunk>) response, reader, holds, state, plan, chunkBytes(request),
            resumed)
        .start();
  }

  private static int chunkBytes(StreamExportRequest request) {
    int asked = request.getPreferredChunkBytes();
    return asked == 0 ? DEFAULT_CHUNK_BYTES : Math.max(MIN_CHUNK_BYTES, Math.min(MAX_CHUNK_BYTES, asked));
  }

  /** For the audit log: what was exported, never any value. */
  private static String summary(ExportScope scope, SubjectRequests requests) {
    StringBuilder s = new StringBuilder("entities=");
    s.append(String.join(",", scope.entities().stream().map(e -> e.name()).toList()));
    scope.from().ifPresent(f -> s.append(" from=").append(f));
    scope.until().ifPresent(u -> s.append(" until=").append(u));
    // The audit log outlives an erasure: it names the subject by keyed digest, never by id.
    scope.subjectId().ifPresent(id -> s.append(" subject=").append(requests.auditName(scope.tenantId(), id)));
    return s.toString();
  }
}
