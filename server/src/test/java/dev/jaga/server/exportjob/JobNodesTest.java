package dev.jaga.server.exportjob;

import static dev.jaga.server.exportjob.ExportNodes.OWNER;
import static dev.jaga.server.exportjob.ExportNodes.TENANT;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.rpc.RetryInfo;
import dev.jaga.api.v1.CancelExportRequest;
import dev.jaga.api.v1.Export;
import dev.jaga.api.v1.ExportServiceGrpc.ExportServiceBlockingStub;
import dev.jaga.api.v1.ExportState;
import dev.jaga.api.v1.GetExportKeyRequest;
import dev.jaga.api.v1.ListExportsRequest;
import dev.jaga.client.ErrorDetails;
import dev.jaga.client.JagaClient;
import dev.jaga.config.ExportSettings;
import dev.jaga.server.app.Node;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The durable job across several nodes of one region sharing its database and archive store. */
class JobNodesTest {
  private static final Duration PAST_STALE = ExportNodes.SETTINGS.job().staleAfter().plusSeconds(1);

  @Test
  void nodeKilledMidJob_anotherNodeReRunsItFromScratch_readyExactlyOnce() throws Exception {
    try (ExportNodes nodes = new ExportNodes(ExportNodes.SETTINGS)) {
      GatedProducer[] onA = new GatedProducer[1];
      GatedProducer[] onB = new GatedProducer[1];
      Node a = nodes.first(inner -> onA[0] = new GatedProducer(inner));
      onA[0].release();
      Node b = nodes.another(a, inner -> onB[0] = new GatedProducer(inner));
      String token = nodes.token(OWNER, "owner");
      ExportServiceBlockingStub viaA = nodes.exports(a, token);

      Export e = nodes.exports(b, token).createExport(ExportNodes.plain(ExportNodes.newRequestId()));
      onB[0].awaitEntered();
      Path partialOfB = onB[0].lastPartial;
      assertThat(viaA.getExport(get(e)).getState()).isEqualTo(ExportState.EXPORT_STATE_RUNNING);
      assertThat(Failures.of(() -> viaA.getExportKey(key(e))).reason()).isEqualTo("INVALID_STATE");

      nodes.stop(b);
      assertThat(partialOfB).exists();
      assertThat(a.exportWorker().pollOnce()).as("taken over before its heartbeat is stale").isZero();
      nodes.clock.advance(PAST_STALE);
      assertThat(a.exportWorker().pollOnce()).isEqualTo(1);
      Export ready = ExportNodes.await(viaA, e.getExportId(), ExportState.EXPORT_STATE_READY);

      assertThat(onB[0].runs.get()).isEqualTo(1);
      assertThat(onA[0].runs.get()).isEqualTo(1);
      assertThat(partialOfB).doesNotExist();
      assertThat(ready.getArchiveBytes()).isPositive();
      JagaClient owner = nodes.client(a, token);
      List<String> timeline = AuditTrail.of(owner, e.getExportId());
      assertThat(timeline).containsSubsequence("export.requested", "export.started", "export.started", "export.completed");
      assertThat(timeline.stream().filter("export.completed"::equals)).hasSize(1);
      assertThat(AuditTrail.events(owner, e.getExportId()).stream().map(x -> x.getScope()))
          .anyMatch(scope -> scope.contains("attempt=2 taken over"));
    }
  }

  @Test
  void nodesDieOnEveryAttempt_afterMaxAttemptsTheExportFailsWithAReason() throws Exception {
    try (ExportNodes nodes = new ExportNodes(ExportNodes.SETTINGS)) {
      Node a = nodes.first(GatedProducer::new);
      String token = nodes.token(OWNER, "owner");
      Export e = null;
      for (int attempt = 1; attempt <= ExportNodes.SETTINGS.job().maxAttempts(); attempt++) {
        GatedProducer[] held = new GatedProducer[1];
        Node doomed = nodes.another(a, inner -> held[0] = new GatedProducer(inner));
        if (e == null) {
          e = nodes.exports(doomed, token).createExport(ExportNodes.plain(ExportNodes.newRequestId()));
        } else {
          nodes.clock.advance(PAST_STALE);
          assertThat(doomed.exportWorker().pollOnce()).isEqualTo(1);
        }
        held[0].awaitEntered();
        nodes.stop(doomed);
      }
      nodes.clock.advance(PAST_STALE);
      assertThat(a.exportWorker().pollOnce()).isZero();

      Export failed = nodes.exports(a, token).getExport(get(e));
      assertThat(failed.getState()).isEqualTo(ExportState.EXPORT_STATE_FAILED);
      assertThat(failed.getFailureReason()).contains("stopped responding", "request the export again");
      assertThat(AuditTrail.of(nodes.client(a, token), e.getExportId())).endsWith("export.failed");
    }
  }

  @Test
  void cancelExport_runningOnAnotherNode_stopsTheJobAndDestroysItsPartialOutput() throws Exception {
    try (ExportNodes nodes = new ExportNodes(ExportNodes.SETTINGS)) {
      GatedProducer[] onB = new GatedProducer[1];
      Node a = nodes.first(GatedProducer::new);
      Node b = nodes.another(a, inner -> onB[0] = new GatedProducer(inner));
      String token = nodes.token(OWNER, "owner");
      Export e = nodes.exports(b, token).createExport(ExportNodes.plain(ExportNodes.newRequestId()));
      onB[0].awaitEntered();

      Export cancelled = nodes.exports(a, token).cancelExport(
          CancelExportRequest.newBuilder().setTenantId(TENANT).setExportId(e.getExportId()).build());
      awaitGone(onB[0].lastPartial);
      onB[0].release();
      // Released, B's producer may write again until its heartbeat learns of the cancel; then it
      // must discard what it wrote.
      onB[0].awaitLeft();
      awaitGone(onB[0].lastPartial);

      assertThat(cancelled.getState()).isEqualTo(ExportState.EXPORT_STATE_CANCELLED);
      assertThat(nodes.exports(a, token).getExport(get(e)).getState()).isEqualTo(ExportState.EXPORT_STATE_CANCELLED);
      try (var files = Files.list(nodes.jakarta.archiveDir().resolve("partial"))) {
        assertThat(files.map(Path::getFileName).map(Path::toString)).noneMatch(f -> f.startsWith(e.getExportId()));
      }
      assertThat(AuditTrail.of(nodes.client(a, token), e.getExportId())).contains("export.cancelled")
          .doesNotContain("export.completed");
    }
  }

  @Test
  void quotas_heldAcrossTwoNodes_andOneJobRunsPerTenantAtOnce() throws Exception {
    ExportSettings s = ExportNodes.SETTINGS;
    ExportSettings tight = new ExportSettings(s.approval(), new ExportSettings.Quotas(5, 5, 1), s.download(),
        s.archiveRetention(), s.job());
    try (ExportNodes nodes = new ExportNodes(tight)) {
      Node a = nodes.first(GatedProducer::new);
      Node b = nodes.another(a, GatedProducer::new);
      String token = nodes.token(OWNER, "owner");
      List<ExportServiceBlockingStub> stubs = List.of(nodes.exports(a, token), nodes.exports(b, token));
      ExecutorService pool = Executors.newFixedThreadPool(8);
      List<Future<Object>> calls = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        ExportServiceBlockingStub stub = stubs.get(i % 2);
        calls.add(pool.submit(() -> {
          try {
            return stub.createExport(ExportNodes.plain(ExportNodes.newRequestId()));
          } catch (StatusRuntimeException refused) {
            return refused;
          }
        }));
      }
      List<Export> created = new ArrayList<>();
      List<StatusRuntimeException> refused = new ArrayList<>();
      for (Future<Object> f : calls) {
        Object outcome = f.get();
        if (outcome instanceof Export x) {
          created.add(x);
        } else {
          refused.add((StatusRuntimeException) outcome);
        }
      }
      pool.shutdown();
      a.exportWorker().pollOnce();
      b.exportWorker().pollOnce();

      assertThat(created).hasSize(5);
      assertThat(refused).hasSize(15).allSatisfy(r -> {
        assertThat(ErrorDetails.of(r).reason()).isEqualTo("QUOTA_EXCEEDED");
        assertThat(StatusProto.fromThrowable(r).getDetailsList()).anyMatch(d -> d.is(RetryInfo.class));
      });
      long running = stubs.get(0).listExports(ListExportsRequest.newBuilder().setTenantId(TENANT)
          .setState(ExportState.EXPORT_STATE_RUNNING).build()).getExportsCount();
      assertThat(running).isEqualTo(1);
    }
  }

  private static void awaitGone(Path file) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (Files.exists(file) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(file).doesNotExist();
  }

  private static dev.jaga.api.v1.GetExportRequest get(Export e) {
    return dev.jaga.api.v1.GetExportRequest.newBuilder().setTenantId(TENANT).setExportId(e.getExportId()).build();
  }

  private static GetExportKeyRequest key(Export e) {
    return GetExportKeyRequest.newBuilder().setTenantId(TENANT).setExportId(e.getExportId()).build();
  }
}
