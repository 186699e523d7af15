package dev.jaga.bench.pairs;

import dev.jaga.api.v1.ApproveExportRequest;
import dev.jaga.api.v1.CreateExportRequest;
import dev.jaga.api.v1.Export;
import dev.jaga.api.v1.ExportServiceGrpc;
import dev.jaga.api.v1.ExportState;
import dev.jaga.api.v1.GetExportRequest;
import dev.jaga.api.v1.Scope;
import dev.jaga.bench.BenchContext;
import dev.jaga.bench.measure.Bearer;
import dev.jaga.bench.measure.ShellPipeline;
import io.grpc.Channel;
import java.util.UUID;

/**
 * The Jaga half of pair 2: {@code ExportService.CreateExport} of one entity, timed until the job
 * is READY (the archive encrypted and in the archive store). If policy holds the export for a
 * second person, a second owner approves it and the clock starts at the approval: waiting for a
 * person is not the machine's time.
 */
final class CreateExportArchive implements ArchivePair.ArchiveRun {
  /** The demo tenant's display name, typed to confirm a whole-entity export. */
  static final String DISPLAY_NAME = "PT Acme Indonesia";
  static final String APPROVER = "siti.rahayu@acme.co.id";
  static final long POLL_MILLIS = 50;

  @Override
  public ShellPipeline.Run run(BenchContext bench, String tenant, String entity) throws Exception {
    Channel channel = bench.cluster().channel(bench.home().ready().endpoint());
    ExportServiceGrpc.ExportServiceBlockingStub requester =
        ExportServiceGrpc.newBlockingStub(channel).withCallCredentials(Bearer.of(bench.ownerToken()));
    long started = System.nanoTime();
    Export export = requester.createExport(CreateExportRequest.newBuilder()
        .setTenantId(tenant)
        .setScope(Scope.newBuilder().addEntities(entity))
        .setRequestId(UUID.randomUUID().toString())
        .setConfirmDisplayName(DISPLAY_NAME)
        .setPurpose("jaga bench, pair 2")
        .build());
    if (export.getState() == ExportState.EXPORT_STATE_PENDING_APPROVAL) {
      export = ExportServiceGrpc.newBlockingStub(channel)
          .withCallCredentials(Bearer.of(bench.cluster().token(APPROVER, tenant, "owner")))
          .approveExport(ApproveExportRequest.newBuilder()
              .setTenantId(tenant).setExportId(export.getExportId()).setComment("jaga bench").build());
      started = System.nanoTime();
    }
    GetExportRequest get = GetExportRequest.newBuilder().setTenantId(tenant).setExportId(export.getExportId()).build();
    while (!finished(export.getState())) {
      Thread.sleep(POLL_MILLIS);
      export = requester.getExport(get);
    }
    long nanos = System.nanoTime() - started;
    if (export.getState() != ExportState.EXPORT_STATE_READY) {
      throw new IllegalStateException("the archive export ended " + export.getState() + ": "
          + export.getFailureReason() + export.getRejectionReason());
    }
    return new ShellPipeline.Run(export.getProgress().getRows(), export.getArchiveBytes(), nanos);
  }

  private static boolean finished(ExportState state) {
    return switch (state) {
      case EXPORT_STATE_READY, EXPORT_STATE_FAILED, EXPORT_STATE_REJECTED, EXPORT_STATE_CANCELLED,
          EXPORT_STATE_EXPIRED -> true;
      default -> false;
    };
  }
}
