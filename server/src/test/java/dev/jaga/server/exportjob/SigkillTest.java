package dev.jaga.server.exportjob;

import static dev.jaga.server.exportjob.ExportNodes.OWNER;
import static dev.jaga.server.exportjob.ExportNodes.TENANT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jaga.api.v1.Export;
import dev.jaga.api.v1.ExportServiceGrpc.ExportServiceBlockingStub;
import dev.jaga.api.v1.ExportState;
import dev.jaga.api.v1.GetExportKeyRequest;
import dev.jaga.api.v1.GetExportRequest;
import dev.jaga.server.app.Node;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The node running a job is killed with SIGKILL (kill -9) in the middle of it: nothing of it can
 * clean up, and another node of the region still brings the export to READY exactly once.
 */
class SigkillTest {
  private static final Pattern SERVING = Pattern.compile("SERVING (\\S+) (\\S+)");

  @Test
  void nodeKilledWithSigkillMidJob_anotherNodeCompletesTheExportOnce() throws Exception {
    try (ExportNodes nodes = new ExportNodes(ExportNodes.SETTINGS)) {
      Node a = nodes.first(inner -> inner);
      Path log = nodes.dataRoot.resolve("second-node.log");
      Process second = new ProcessBuilder(
              Path.of(System.getProperty("java.home"), "bin", "java").toString(),
              "-cp", System.getProperty("java.class.path"),
              "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
              "-Djaga.root=" + System.getProperty("jaga.root", ".."),
              ExportNodeProcess.class.getName(), nodes.dataRoot.toString(), a.jdbcUrl())
          .redirectErrorStream(true).redirectOutput(log.toFile()).start();
      try {
        Matcher serving = awaitServing(log, second);
        String token = nodes.token(OWNER, "owner");
        ExportServiceBlockingStub viaA = nodes.exports(a, token);

        Export e = nodes.exports(serving.group(1), token).createExport(ExportNodes.plain(ExportNodes.newRequestId()));
        ExportNodes.await(viaA, e.getExportId(), ExportState.EXPORT_STATE_RUNNING);
        awaitPartial(nodes, e.getExportId());
        assertThat(Failures.of(() -> viaA.getExportKey(GetExportKeyRequest.newBuilder().setTenantId(TENANT)
            .setExportId(e.getExportId()).build())).reason()).isEqualTo("INVALID_STATE");

        second.destroyForcibly().waitFor();
        assertThat(second.exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);
        assertThat(a.exportWorker().pollOnce()).as("taken over before its heartbeat is stale").isZero();
        nodes.clock.set(Instant.now().plus(ExportNodes.SETTINGS.job().staleAfter()).plusSeconds(1));
        assertThat(a.exportWorker().pollOnce()).isEqualTo(1);
        Export ready = ExportNodes.await(viaA, e.getExportId(), ExportState.EXPORT_STATE_READY);

        assertThat(ready.getArchiveBytes()).isPositive();
        assertThat(partials(nodes, e.getExportId())).isEmpty();
        List<String> timeline = AuditTrail.of(nodes.client(a, token), e.getExportId());
        assertThat(timeline).containsExactly("export.requested", "export.started", "export.started", "export.completed");
        assertThat(AuditTrail.events(nodes.client(a, token), e.getExportId()).stream()
            .filter(x -> x.getMethod().equals("export.started")).map(x -> x.getActor()).toList())
            .containsExactly("system:export-worker@" + serving.group(2), "system:export-worker@" + a.exportWorker().node());
        assertThat(viaA.getExport(GetExportRequest.newBuilder().setTenantId(TENANT).setExportId(e.getExportId())
            .build()).getState()).isEqualTo(ExportState.EXPORT_STATE_READY);
      } finally {
        second.destroyForcibly().waitFor();
      }
    }
  }

  private static Matcher awaitServing(Path log, Process process) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (System.nanoTime() < deadline && process.isAlive()) {
      if (Files.exists(log)) {
        Matcher m = SERVING.matcher(Files.readString(log));
        if (m.find()) {
          return m;
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the second node did not start:\n" + (Files.exists(log) ? Files.readString(log) : ""));
  }

  private static void awaitPartial(ExportNodes nodes, String exportId) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (partials(nodes, exportId).isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(partials(nodes, exportId)).as("the killed node's partial archive").isNotEmpty();
  }

  private static List<Path> partials(ExportNodes nodes, String exportId) throws Exception {
    Path dir = nodes.jakarta.archiveDir().resolve("partial");
    if (!Files.exists(dir)) {
      return List.of();
    }
    try (var files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().startsWith(exportId)).toList();
    }
  }
}
