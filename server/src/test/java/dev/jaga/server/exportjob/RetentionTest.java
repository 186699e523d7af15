package dev.jaga.server.exportjob;

import static dev.jaga.server.exportjob.ExportNodes.OWNER;
import static dev.jaga.server.exportjob.ExportNodes.TENANT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jaga.api.v1.AuditServiceGrpc;
import dev.jaga.api.v1.DownloadExportRequest;
import dev.jaga.api.v1.Export;
import dev.jaga.api.v1.ExportServiceGrpc.ExportServiceBlockingStub;
import dev.jaga.api.v1.ExportState;
import dev.jaga.api.v1.GetExportKeyRequest;
import dev.jaga.api.v1.GetExportRequest;
import dev.jaga.api.v1.VerifyAuditChainRequest;
import dev.jaga.client.ErrorDetails;
import dev.jaga.client.JagaClient;
import dev.jaga.config.ExportSettings;
import dev.jaga.server.app.Node;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The retention sweeper, EXPORT_EXPIRED, and the whole timeline of one export in the verified audit chain. */
class RetentionTest {
  @Test
  void expiredArchive_isRefusedWithoutDetail_sweptAndTheTimelineVerifies() throws Exception {
    ExportSettings s = ExportNodes.SETTINGS;
    ExportSettings shortLived = new ExportSettings(s.approval(), s.quotas(),
        new ExportSettings.Download(Duration.ofHours(1), 3), Duration.ofMinutes(5), s.job());
    try (ExportNodes nodes = new ExportNodes(shortLived)) {
      Node node = nodes.first(inner -> inner);
      String token = nodes.token(OWNER, "owner");
      JagaClient owner = nodes.client(node, token);
      ExportServiceBlockingStub exports = owner.exports();
      Export e = exports.createExport(ExportNodes.plain(ExportNodes.newRequestId()));
      ExportNodes.await(exports, e.getExportId(), ExportState.EXPORT_STATE_READY);
      String download = exports.getExportKey(key(e)).getDownloadToken();
      exports.downloadExport(request(e, download)).forEachRemaining(c -> { });
      Path file = nodes.jakarta.archiveDir().resolve("ready").resolve(TENANT).resolve(e.getExportId() + ".zip.gpg");
      assertThat(file).exists();

      nodes.clock.advance(Duration.ofMinutes(5).plusSeconds(1));
      ErrorDetails beforeSweep = Failures.of(() -> exports.downloadExport(request(e, download)).forEachRemaining(c -> { }));
      ErrorDetails keyBeforeSweep = Failures.of(() -> exports.getExportKey(key(e)));
      int swept = node.retentionSweeper().sweepOnce();
      ErrorDetails afterSweep = Failures.of(() -> exports.downloadExport(request(e, download)).forEachRemaining(c -> { }));

      assertThat(swept).isEqualTo(1);
      assertThat(file).doesNotExist();
      assertThat(exports.getExport(GetExportRequest.newBuilder().setTenantId(TENANT).setExportId(e.getExportId()).build())
          .getState()).isEqualTo(ExportState.EXPORT_STATE_EXPIRED);
      for (ErrorDetails refused : java.util.List.of(beforeSweep, keyBeforeSweep, afterSweep)) {
        assertThat(refused.code()).isEqualTo("FAILED_PRECONDITION");
        assertThat(refused.reason()).isEqualTo("EXPORT_EXPIRED");
        assertThat(refused.message()).doesNotContain("teams", "comments", Long.toString(e.getArchiveBytes()));
        assertThat(refused.metadata()).isEmpty();
      }
      assertThat(node.retentionSweeper().sweepOnce()).as("a second sweep finds nothing").isZero();
      assertThat(AuditTrail.of(owner, e.getExportId())).containsExactly(
          "export.requested", "export.started", "export.completed", "export.key_revealed", "export.downloaded",
          "export.expired");
      assertThat(AuditTrail.events(owner, e.getExportId()).stream()
          .filter(x -> x.getMethod().equals("jaga.v1.ExportService/DownloadExport"))
          .map(x -> x.getReason())).containsExactly("SERVING", "", "EXPORT_EXPIRED", "EXPORT_EXPIRED");
      assertThat(AuditServiceGrpc.newBlockingStub(owner.channel()).withInterceptors(owner.credentials())
          .verifyAuditChain(VerifyAuditChainRequest.newBuilder().setTenantId(TENANT).build()).getIntact()).isTrue();
    }
  }

  private static GetExportKeyRequest key(Export e) {
    return GetExportKeyRequest.newBuilder().setTenantId(TENANT).setExportId(e.getExportId()).build();
  }

  private static DownloadExportRequest request(Export e, String token) {
    return DownloadExportRequest.newBuilder().setTenantId(TENANT).setExportId(e.getExportId())
        .setDownloadToken(token).build();
  }
}
