package dev.jaga.server.exportjob;

import dev.jaga.api.v1.ApproveExportRequest;
import dev.jaga.api.v1.CancelExportRequest;
import dev.jaga.api.v1.CreateExportRequest;
import dev.jaga.api.v1.DownloadChunk;
import dev.jaga.api.v1.DownloadExportRequest;
import dev.jaga.api.v1.ErrorReason;
import dev.jaga.api.v1.Export;
import dev.jaga.api.v1.ExportState;
import dev.jaga.api.v1.GetExportKeyRequest;
import dev.jaga.api.v1.GetExportKeyResponse;
import dev.jaga.api.v1.GetExportRequest;
import dev.jaga.api.v1.ListExportsRequest;
import dev.jaga.api.v1.ListExportsResponse;
import dev.jaga.api.v1.RejectExportRequest;
import dev.jaga.config.Capability;
import dev.jaga.config.RegionConfig;
import dev.jaga.server.auth.AuthenticationInterceptor;
import dev.jaga.server.auth.Principal;
import dev.jaga.server.grpc.JagaException;
import dev.jaga.server.tenant.TenantIds;
import dev.jaga.server.tenant.Tenants;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import javax.inject.Inject;
import javax.inject.Singleton;

/**
 * The archive half of {@code jaga.v1.ExportService}, which {@code ExportGrpcService} hands these
 * calls to: thin handlers that validate, find the principal the perimeter authenticated, and
 * delegate to {@link ArchiveExports} and {@link ArchiveDownloads}.
 */
@Singleton
public final class ArchiveExportService {
  static final int DEFAULT_PAGE = 50;
  static final int MAX_PAGE = 500;

  private final RegionConfig config;
  private final Tenants tenants;
  private final ArchiveExports exports;
  private final ArchiveDownloads downloads;

  @Inject
  ArchiveExportService(RegionConfig config, Tenants tenants, ArchiveExports exports, ArchiveDownloads downloads) {
    this.config = config;
    this.tenants = tenants;
    this.exports = exports;
    this.downloads = downloads;
  }

  public void createExport(CreateExportRequest request, StreamObserver<Export> response) {
    TenantIds.require(request.getTenantId());
    reply(response, exports.create(request, principal()).toProto());
  }

  public void getExport(GetExportRequest request, StreamObserver<Export> response) {
    String tenantId = hosted(request.getTenantId());
    reply(response, exports.get(tenantId, request.getExportId()).toProto());
  }

  public void listExports(ListExportsRequest request, StreamObserver<ListExportsResponse> response) {
    String tenantId = hosted(request.getTenantId());
    int size = request.getPageSize() == 0 ? DEFAULT_PAGE : Math.min(request.getPageSize(), MAX_PAGE);
    Optional<ExportState> state = request.getState() == ExportState.EXPORT_STATE_UNSPECIFIED
        ? Optional.empty() : Optional.of(request.getState());
    if (request.getState() == ExportState.UNRECOGNIZED) {
      throw JagaException.invalidField("state", "not a known export state");
    }
    List<StoredExport> page = exports.list(tenantId, state, PageToken.decode(request.getPageToken()), size + 1);
    ListExportsResponse.Builder out = ListExportsResponse.newBuilder();
    page.stream().limit(size).forEach(e -> out.addExports(e.toProto()));
    if (page.size() > size) {
      StoredExport last = page.get(size - 1);
      out.setNextPageToken(new PageToken(last.createdAt(), last.exportId()).encode());
    }
    reply(response, out.build());
  }

  public void approveExport(ApproveExportRequest request, StreamObserver<Export> response) {
    String tenantId = hosted(request.getTenantId());
    if (request.getComment().length() > 1000) {
      throw JagaException.invalidField("comment", "too long; give at most 1000 characters");
    }
    reply(response, exports.approve(tenantId, request.getExportId(), request.getComment(), principal()).toProto());
  }

  public void rejectExport(RejectExportRequest request, StreamObserver<Export> response) {
    String tenantId = hosted(request.getTenantId());
    reply(response, exports.reject(tenantId, request.getExportId(), request.getReason(), principal()).toProto());
  }

  public void cancelExport(CancelExportRequest request, StreamObserver<Export> response) {
    String tenantId = hosted(request.getTenantId());
    Principal p = principal();
    boolean mayApprove = config.access().capabilitiesOf(p.rolesOn(tenantId)).contains(Capability.EXPORT_APPROVE);
    reply(response, exports.cancel(tenantId, request.getExportId(), p, mayApprove).toProto());
  }

  public void getExportKey(GetExportKeyRequest request, StreamObserver<GetExportKeyResponse> response) {
    String tenantId = hosted(request.getTenantId());
    reply(response, downloads.key(tenantId, request.getExportId(), principal()));
  }

  public void downloadExport(DownloadExportRequest request, StreamObserver<DownloadChunk> response) {
    String tenantId = hosted(request.getTenantId());
    ArchiveDownloads.Admitted admitted = downloads.admit(
        tenantId, request.getExportId(), request.getDownloadToken(), request.getOffset(), principal());
    try {
      new DownloadCall((ServerCallStreamObserver<DownloadChunk>) response, admitted).start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not open the archive", e);
    }
  }

  /** The tenant id, valid, hosted here and not purged (else WRONG_REGION or NOT_FOUND). */
  private String hosted(String tenantId) {
    TenantIds.require(tenantId);
    tenants.live(tenantId);
    return tenantId;
  }

  private static Principal principal() {
    return AuthenticationInterceptor.current()
        .orElseThrow(() -> JagaException.unauthenticated(ErrorReason.UNAUTHENTICATED, "no credentials"));
  }

  private static <T> void reply(StreamObserver<T> response, T message) {
    response.onNext(message);
    response.onCompleted();
  }
}
